// Files and directories through wasi-libc: the program prints one line per check, "ok <name>" or
// "FAIL <name> ..." so the test can show exactly what went wrong.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char *name)
{
    if (ok)
        printf("ok %s\n", name);
    else
    {
        printf("FAIL %s (errno %d %s)\n", name, errno, strerror(errno));
        failures++;
    }
}

int main(void)
{
    FILE *f = fopen("/sandbox/hello.txt", "w");
    check(f != NULL, "fopen w");
    check(fputs("hello, file\n", f) >= 0, "fputs");
    check(fclose(f) == 0, "fclose");

    char line[64] = {0};
    f = fopen("/sandbox/hello.txt", "r");
    check(f && fgets(line, sizeof line, f) && strcmp(line, "hello, file\n") == 0, "read back");
    check(fseek(f, 7, SEEK_SET) == 0 && fgetc(f) == 'f', "fseek");
    fclose(f);

    struct stat st;
    check(stat("/sandbox/hello.txt", &st) == 0 && st.st_size == 12 && S_ISREG(st.st_mode), "stat");

    check(mkdir("/sandbox/dir", 0755) == 0, "mkdir");
    check(mkdir("/sandbox/dir", 0755) == -1 && errno == EEXIST, "mkdir exists");
    int fd = open("/sandbox/dir/a", O_CREAT | O_WRONLY, 0644);
    check(fd >= 0 && write(fd, "abc", 3) == 3 && close(fd) == 0, "open creat");
    check(rename("/sandbox/dir/a", "/sandbox/dir/b") == 0, "rename");
    check(access("/sandbox/dir/a", F_OK) == -1 && errno == ENOENT, "renamed away");
    check(symlink("b", "/sandbox/dir/link") == 0, "symlink");
    char target[16] = {0};
    check(readlink("/sandbox/dir/link", target, sizeof target) == 1 && target[0] == 'b', "readlink");
    check(lstat("/sandbox/dir/link", &st) == 0 && S_ISLNK(st.st_mode), "lstat link");
    check(stat("/sandbox/dir/link", &st) == 0 && st.st_size == 3, "stat through link");

    DIR *d = opendir("/sandbox/dir");
    int entries = 0, sawB = 0, sawLink = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
    {
        entries++;
        sawB |= strcmp(e->d_name, "b") == 0 && e->d_type == DT_REG;
        sawLink |= strcmp(e->d_name, "link") == 0 && e->d_type == DT_LNK;
    }
    check(d && entries == 4 && sawB && sawLink, "readdir");
    if (d)
        closedir(d);

    check(chdir("/sandbox/dir") == 0, "chdir");
    f = fopen("b", "r");
    check(f != NULL, "relative open after chdir");
    if (f)
        fclose(f);

    check(unlink("/sandbox/dir/link") == 0 && unlink("/sandbox/dir/b") == 0, "unlink");
    check(rmdir("/sandbox/dir") == 0, "rmdir");
    check(rmdir("/sandbox/nope") == -1 && errno == ENOENT, "rmdir missing");

    // escapes: every one must fail
    check(fopen("/sandbox/../outside/secret.txt", "r") == NULL, "escape dotdot read");
    check(fopen("/sandbox/../outside/new.txt", "w") == NULL, "escape dotdot create");
    check(open("/etc/passwd", O_RDONLY) == -1, "escape absolute");
    check(symlink("../outside/secret.txt", "/sandbox/evil") == 0, "plant relative link");
    check(open("/sandbox/evil", O_RDONLY) == -1 && errno == ENOTCAPABLE, "escape via relative link");
    check(rename("/sandbox/hello.txt", "/sandbox/../outside/stolen.txt") == -1, "escape rename");
    check(link("/sandbox/hello.txt", "/sandbox/../outside/linked.txt") == -1, "escape link");
    check(mkdir("/sandbox/evil/../../outside/d", 0755) == -1, "escape mkdir through link");

    printf("failures=%d\n", failures);
    return failures == 0 ? 0 : 1;
}
