/*
 * The wasm app of the native-export sample: it calls functions the C# host exports to it, as
 * WAMR's native-export apps do. Undefined functions become imports from module "env".
 */

/* Exported by the host with signature "(i*~i)i": writes value in base into buf, returns the length or -1. */
int int_to_str(int value, char *buf, int buf_len, int base);
/* "(ii)i" */
int get_pow(int x, int y);
/* "(i)i": the host calls back into square() below. */
int calculate_native(int n);
/* "($)": prints a NUL-terminated string. */
void host_log(const char *message);

int square(int x)
{
    return x * x;
}

int customized(void)
{
    char buf[16];
    int length = int_to_str(12345, buf, sizeof buf, 10);
    if (length < 0)
        return -1;
    host_log(buf);
    host_log("hex follows");
    if (int_to_str(255, buf, sizeof buf, 16) < 0)
        return -1;
    host_log(buf);
    return get_pow(2, 10) + calculate_native(7) + length;
}

/* Passes a buffer length larger than the buffer: the host never sees it, the call traps. */
int overflow(void)
{
    char buf[4];
    return int_to_str(1, buf, 0x7fffffff, 10);
}
