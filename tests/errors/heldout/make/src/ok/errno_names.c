const char *errno_name(int e) { return e == 2 ? "ENOENT" : "EOTHER"; }
