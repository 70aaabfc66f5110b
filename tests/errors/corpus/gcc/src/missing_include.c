#include <stdio.h>
#include "config_generated.h"

int main(void) { return CONFIG_PORT; }
