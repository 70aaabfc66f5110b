#include <stdio.h>
const char *error_text(int);
const char *errno_name(int);
int main(void) { printf("%s %s\n", error_text(0), errno_name(2)); return 0; }
