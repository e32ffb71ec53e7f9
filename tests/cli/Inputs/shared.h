#pragma once
#include <ntddk.h>

/* A helper in a project header, included by several translation units. */
static __inline PVOID SharedAllocate(SIZE_T Size)
{
    return ExAllocatePoolWithTag(PagedPool, Size, 'rahS');
}
