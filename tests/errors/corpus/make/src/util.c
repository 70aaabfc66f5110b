int util_version(void) { return 2 }
