#include <ntddk.h>

#define GOOD_TAG 'dooG'

PVOID AllocateContext(SIZE_T Size)
{
    return ExAllocatePoolWithTag(NonPagedPoolNx, Size, GOOD_TAG);
}
