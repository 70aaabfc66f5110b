int retries = 3;
int get_retries(void) { return retries; }
