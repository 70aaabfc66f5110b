/* Calls functions that no object file defines. */
int checksum(const char *s, int n);
void flush_cache(void);

int main(void) {
  flush_cache();
  return checksum("abc", 3);
}
