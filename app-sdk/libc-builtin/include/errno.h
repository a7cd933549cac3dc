/* Microwasm builtin libc (WAMR-compatible): error numbers for code that wants
 * the names. The builtin libc has no errno variable (as WAMR's has none). */
#ifndef _MICROWASM_ERRNO_H
#define _MICROWASM_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define EIO 5
#define EBADF 9
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define EINVAL 22
#define ENOSPC 28
#define ERANGE 34
#define ENOSYS 38
#define ETIMEDOUT 110

#endif
