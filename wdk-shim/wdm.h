/* drvcert test shim: the mingw-w64 wdm.h plus the modern WDK declarations it
 * lacks (drvcert_wdk_supplement.h). Real WDK builds never see this file. */
#pragma clang system_header
#include_next <wdm.h>
#include "drvcert_wdk_supplement.h"
