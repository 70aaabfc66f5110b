const char *error_text(int code) { return code ? "failure" : "no error"; }
