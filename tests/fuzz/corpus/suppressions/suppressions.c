// Every form of in-source suppression, right and wrong (tests/cli/GateTest.cpp).
// Each call carries a pool tag naming its case; the test finds lines by tag.
#define NTSTRSAFE_NO_DEPRECATE
#include <ntddk.h>
#include <string.h>

PVOID TrailingComment(SIZE_T n)
{
    return ExAllocatePoolWithTag(NonPagedPoolNx, n, 'lirT'); // drvcert-suppress(deprecated-pool-alloc): legacy path for Windows 7, removed in v3
}

PVOID LineAbove(SIZE_T n)
{
    // drvcert-suppress(deprecated-pool-alloc): audited in review 42
    return ExAllocatePoolWithTag(NonPagedPoolNx, n, 'evbA');
}

// drvcert-suppress-begin(deprecated-pool-alloc): the legacy allocator shim, removed in v3
PVOID BlockOne(SIZE_T n) { return ExAllocatePoolWithTag(NonPagedPoolNx, n, '1klB'); }
PVOID BlockTwo(SIZE_T n) { return ExAllocatePoolWithTag(PagedPool, n, '2klB'); }
// drvcert-suppress-end(deprecated-pool-alloc)

PVOID PragmaWarning(SIZE_T n)
{
#pragma warning(suppress: 28751)
    return ExAllocatePoolWithTag(NonPagedPoolNx, n, 'grpW');
}

VOID PragmaPrefast(PCHAR d, PCSTR s)
{
#pragma prefast(suppress: 28719, "the caller bounds s to sizeof(d)")
    strcpy(d, s); /* 'frpP' */
}

PVOID PragmaOtherNumber(SIZE_T n)
{
#pragma warning(suppress: 6011)
    return ExAllocatePoolWithTag(NonPagedPoolNx, n, 'rhtO');
}

PVOID NoJustification(SIZE_T n)
{
    return ExAllocatePoolWithTag(NonPagedPoolNx, n, 'tsuJ'); // drvcert-suppress(deprecated-pool-alloc)
}

PVOID UnknownRule(SIZE_T n)
{
    return ExAllocatePoolWithTag(NonPagedPoolNx, n, 'nknU'); // drvcert-suppress(no-such-rule): whatever
}

PVOID Unused(SIZE_T n)
{
    // drvcert-suppress(banned-string-api): nothing is copied here
    return ExAllocatePool2(POOL_FLAG_NON_PAGED, n, 'esnU');
}

PVOID WrongRule(SIZE_T n)
{
    return ExAllocatePoolWithTag(NonPagedPoolNx, n, 'gnrW'); // drvcert-suppress(banned-string-api): names the wrong rule
}

const char *InString = "// drvcert-suppress(deprecated-pool-alloc): a string, not a comment";
PVOID AfterString(SIZE_T n) { return ExAllocatePoolWithTag(NonPagedPoolNx, n, 'rtsA'); }

// drvcert-suppress-end(banned-string-api)
