/* A #error directive fires for an unknown platform. */
#if !defined(HUMMEL_PLATFORM)
#error "HUMMEL_PLATFORM is not set (use -DHUMMEL_PLATFORM=linux)"
#endif

int main(void) { return 0; }
