// WASI edge cases from the wasip1 test suite, through the raw WASI calls where wasi-libc would
// rewrite the path: a symlink named with a trailing slash, '..' above a descriptor that is not a
// pre-opened directory, and hard links sharing one inode. One line per check, "ok <name>" or
// "FAIL <name> ...".
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

static int failures;

static void check(int ok, const char *name, int detail)
{
    if (ok)
        printf("ok %s\n", name);
    else
    {
        printf("FAIL %s (%d)\n", name, detail);
        failures++;
    }
}

int main(void)
{
    mkdir("/sandbox/sub", 0755);
    int dir = open("/sandbox/sub", O_RDONLY | O_DIRECTORY);
    check(dir >= 0, "open sub", errno);

    // symlink: a new path with a trailing slash names a directory, which a symlink is not
    __wasi_errno_t e = __wasi_path_symlink("source", dir, "target/");
    check(e == __WASI_ERRNO_NOENT, "symlink to missing target/ is ENOENT", e);
    check(faccessat(dir, "target", F_OK, AT_SYMLINK_NOFOLLOW) == -1, "no link was made", 0);
    e = __wasi_path_symlink("source", dir, "target");
    check(e == 0, "symlink to target", e);
    check(__wasi_path_unlink_file(dir, "target") == 0, "unlink target", 0);
    mkdirat(dir, "target", 0755);
    e = __wasi_path_symlink("source", dir, "target/");
    check(e == __WASI_ERRNO_EXIST, "symlink onto existing dir/ is EEXIST", e);
    unlinkat(dir, "target", AT_REMOVEDIR);
    close(openat(dir, "target", O_CREAT | O_WRONLY, 0644));
    e = __wasi_path_symlink("source", dir, "target/");
    check(e == __WASI_ERRNO_EXIST || e == __WASI_ERRNO_NOTDIR, "symlink onto existing file/ is EEXIST", e);
    unlinkat(dir, "target", 0);

    // '..' may not climb above the descriptor, even to a place inside the pre-opened directory
    mkdirat(dir, "d", 0755);
    mkdirat(dir, "d/nested", 0755);
    close(openat(dir, "d/nested/file", O_CREAT | O_WRONLY, 0644));
    __wasi_fd_t fd;
    e = __wasi_path_open(dir, 0, "d/nested/../../d/nested/file", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
    check(e == 0, "dotdot inside the descriptor", e);
    if (e == 0)
        __wasi_fd_close(fd);
    e = __wasi_path_open(dir, 0, "d/nested/../../../sub/d/nested/file", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
    check(e == __WASI_ERRNO_NOTCAPABLE || e == __WASI_ERRNO_PERM, "dotdot above the descriptor", e);
    e = __wasi_path_open(dir, 0, "..", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0, 0, &fd);
    check(e == __WASI_ERRNO_NOTCAPABLE || e == __WASI_ERRNO_PERM, "parent of the descriptor", e);
    symlinkat("../../sub/d", dir, "d/up");
    e = __wasi_path_open(dir, 0, "d/up/nested/file", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
    check(e == __WASI_ERRNO_NOTCAPABLE || e == __WASI_ERRNO_PERM, "symlink above the descriptor", e);

    // hard links: one file, one inode, two links
    check(linkat(dir, "d/nested/file", dir, "hard", 0) == 0, "link", errno);
    struct stat a, b, other;
    check(fstatat(dir, "d/nested/file", &a, 0) == 0 && fstatat(dir, "hard", &b, 0) == 0, "stat both", errno);
    check(a.st_ino == b.st_ino && a.st_ino != 0, "hard links share an inode", (int)(a.st_ino - b.st_ino));
    check(a.st_nlink == 2 && b.st_nlink == 2, "two links", (int)a.st_nlink);
    int h = openat(dir, "hard", O_RDONLY);
    struct stat c;
    check(h >= 0 && fstat(h, &c) == 0 && c.st_ino == a.st_ino, "fstat sees the same inode", errno);
    close(h);
    check(fstatat(dir, "d", &other, 0) == 0 && other.st_ino != a.st_ino, "another entry, another inode", 0);

    printf("failures=%d\n", failures);
    return failures == 0 ? 0 : 1;
}
