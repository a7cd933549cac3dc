/* Microwasm builtin libc (WAMR-compatible): what the runtime provides from module "env". */
#ifndef _MICROWASM_CTYPE_H
#define _MICROWASM_CTYPE_H

#ifdef __cplusplus
extern "C" {
#endif

int isalnum(int c);
int isalpha(int c);
int isdigit(int c);
int isgraph(int c);
int isprint(int c);
int isspace(int c);
int isupper(int c);
int isxdigit(int c);
int tolower(int c);
int toupper(int c);

#ifdef __cplusplus
}
#endif

#endif
