int retries = 5;
int get_retries(void);
int main(void) { return get_retries(); }
