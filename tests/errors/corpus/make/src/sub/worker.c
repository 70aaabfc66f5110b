int worker(void) { return missing_symbol; }
