int compute(int x);
int finish(void);

int main(void) { return compute(2) + finish(); }
