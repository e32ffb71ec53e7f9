// drvcert-test: rules=*
//
// No finding is ever reported inside a system header (the WDK's, or any
// header marked as a system one); a system macro used in driver code is
// reported where the driver wrote it.
#include <ntddk.h>
#include <wchar.h>
#include "Inputs/vendor_wrappers.h"

PVOID AllocateThroughVendor(SIZE_T Size)
{
    WCHAR name[32];
    VendorCopyName(name, L"vendor");          // no-warning: the copy is in the header
    return VendorAllocate(Size);              // no-warning: the allocation is in the header
}

PVOID AllocateThroughVendorMacro(SIZE_T Size)
{
    return VENDOR_ALLOC(Size); // expected-error{{'ExAllocatePoolWithTag' is deprecated}}
}
