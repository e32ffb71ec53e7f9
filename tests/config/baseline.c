// The first version of a driver file; tests/cli/GateTest.cpp edits a copy of
// it and compares the findings with this version's SARIF log.
#include <ntddk.h>

ULONG Other(ULONG Count)
{
    ULONG total = 0;
    for (ULONG i = 0; i < Count; ++i)
        total += i;
    return total;
}

PVOID Fixed(SIZE_T Size)
{
    return ExAllocatePoolWithTag(NonPagedPoolNx, Size, 'dexF');
}

PVOID Kept(SIZE_T Size)
{
    return ExAllocatePoolWithTag(PagedPool, Size, 'tpeK');
}

PVOID Renamed(SIZE_T Size)
{
    return ExAllocatePoolWithTag(NonPagedPoolNx, Size, 'emaN');
}

// GitHub's line hash reads on past the line: this keeps the text after the
// finding above the same whatever the test appends.
VOID Unchanged(PULONG Values, ULONG Count)
{
    for (ULONG i = 0; i < Count; ++i)
        Values[i] = Values[i] * 2 + 1;
    Values[0] = Count;
}
