#include <ntddk.h>

/* Clang's analyzer builds no control-flow graph for __try/__finally: the
   path-sensitive rules skip this function, and drvcert says so. The AST
   rules still see it. */
NTSTATUS WithFinally(PIRP Irp, PULONG Out)
{
    PVOID p = ExAllocatePoolWithTag(NonPagedPoolNx, 16, 'lniF');
    __try {
        *Out = Irp->IoStatus.Status;
    } __finally {
        ExFreePoolWithTag(p, 'lniF');
    }
    return STATUS_SUCCESS;
}

NTSTATUS WithExcept(PULONG Out)
{
    __try {
        *Out = 0;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}
