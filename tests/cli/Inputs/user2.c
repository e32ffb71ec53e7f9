#include "shared.h"

PVOID UserTwo(void) { return SharedAllocate(32); }
