// One finding, suppressed: the gate passes (tests/cli/GateTest.cpp).
#include <ntddk.h>

PVOID AllocateLegacy(SIZE_T n)
{
    // drvcert-suppress(deprecated-pool-alloc): shared with the Windows 7 build, which lacks ExAllocatePool2
    return ExAllocatePoolWithTag(NonPagedPoolNx, n, 'geLA');
}
