#include <stdio.h>
int log_error(const char *m);
int main(void) { return log_error("none"); }
