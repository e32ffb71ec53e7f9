#include "shared.h"

PVOID UserOne(void) { return SharedAllocate(16); }
