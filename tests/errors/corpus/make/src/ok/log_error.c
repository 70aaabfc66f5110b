#include <stdio.h>
int log_error(const char *m) { fprintf(stderr, "error: %s\n", m); return 0; }
