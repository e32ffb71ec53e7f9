/* A third-party "system" header: code here is never reported. */
#pragma clang system_header
#include <ntddk.h>

static __inline PVOID VendorAllocate(SIZE_T Size)
{
    return ExAllocatePoolWithTag(NonPagedPool, Size, 'dneV');
}

static __inline VOID VendorCopyName(PWCHAR Dst, PCWSTR Src)
{
    wcscpy(Dst, Src);
}

/* A macro from a system header, expanded in user code: reported at the use. */
#define VENDOR_ALLOC(Size) ExAllocatePoolWithTag(PagedPool, (Size), 'dneV')
