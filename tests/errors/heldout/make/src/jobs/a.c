int a(void) { return undefined_a; }
