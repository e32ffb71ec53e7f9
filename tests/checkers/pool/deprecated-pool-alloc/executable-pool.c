// drvcert-test: rules=deprecated-pool-alloc
//
// Deprecated allocations whose POOL_TYPE argument constant-evaluates to an
// executable non-paged type (bit 0 clear and bit 0x200, the NX bit, clear):
// these get the "executable NonPagedPool" message instead of the ordinary
// one. The last two functions show the boundary: NonPagedPoolNx and a pool
// type that is not a constant get the ordinary message.
//
// A storage-style miniport helper library: command blocks, DMA bounce
// buffers and a patch trampoline.

#include <ntddk.h>

#define XFER_TAG 'fxrX'
#define XFER_COMMAND_BLOCK_SIZE 512
#define XFER_BOUNCE_BUFFER_SIZE (64 * 1024)

// The pool type of the driver's request blocks, as a preprocessor constant.
#define XFER_REQUEST_POOL NonPagedPool

typedef struct _XFER_COMMAND {
    LIST_ENTRY Link;
    ULONG Opcode;
    ULONG Length;
    UCHAR Cdb[16];
} XFER_COMMAND, *PXFER_COMMAND;

typedef struct _XFER_REQUEST {
    LIST_ENTRY Link;
    PIRP Irp;
    PMDL Mdl;
    ULONG Flags;
} XFER_REQUEST, *PXFER_REQUEST;

typedef struct _XFER_CONTEXT {
    PVOID CommandBlock;
    PVOID BounceBuffer;
    PVOID Trampoline;
    LIST_ENTRY FreeCommands;
    KSPIN_LOCK Lock;
} XFER_CONTEXT, *PXFER_CONTEXT;

DRIVER_INITIALIZE DriverEntry;

static XFER_CONTEXT XferContext;

//
// Case: the command block is allocated from NonPagedPool, the executable pool
// of every Windows version (NonPagedPoolExecute is the same value).
//
static NTSTATUS
XferAllocateCommandBlock(PXFER_CONTEXT Context)
{
    Context->CommandBlock = ExAllocatePoolWithTag(NonPagedPool, XFER_COMMAND_BLOCK_SIZE, XFER_TAG); // expected-error{{'ExAllocatePoolWithTag' allocates executable NonPagedPool memory, which lets an attacker run injected code and fails HVCI; use 'ExAllocatePool2' with POOL_FLAG_NON_PAGED}}
    if (Context->CommandBlock == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}

//
// Case: cache-aligned non-paged pool is executable too.
//
static NTSTATUS
XferAllocateBounceBuffer(PXFER_CONTEXT Context)
{
    Context->BounceBuffer = ExAllocatePoolWithTag(NonPagedPoolCacheAligned, XFER_BOUNCE_BUFFER_SIZE, XFER_TAG); // expected-error{{'ExAllocatePoolWithTag' allocates executable NonPagedPool memory}}
    return Context->BounceBuffer != NULL ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

//
// Case: ExAllocatePoolWithTagPriority with NonPagedPool: the replacement is
// ExAllocatePool3.
//
static PXFER_COMMAND
XferAllocateCommand(VOID)
{
    PXFER_COMMAND command;

    command = ExAllocatePoolWithTagPriority(NonPagedPool, sizeof(XFER_COMMAND), XFER_TAG, HighPoolPriority); // expected-error{{'ExAllocatePoolWithTagPriority' allocates executable NonPagedPool memory, which lets an attacker run injected code and fails HVCI; use 'ExAllocatePool3' with POOL_FLAG_NON_PAGED}}
    if (command != NULL) {
        RtlZeroMemory(command, sizeof(XFER_COMMAND));
        InitializeListHead(&command->Link);
    }
    return command;
}

//
// Case: the pool type comes from a driver macro that expands to NonPagedPool.
//
static PXFER_REQUEST
XferAllocateRequest(PIRP Irp)
{
    PXFER_REQUEST request;

    request = ExAllocatePoolWithTag(XFER_REQUEST_POOL, sizeof(XFER_REQUEST), XFER_TAG); // expected-error{{'ExAllocatePoolWithTag' allocates executable NonPagedPool memory}}
    if (request != NULL) {
        RtlZeroMemory(request, sizeof(*request));
        request->Irp = Irp;
    }
    return request;
}

//
// Case: POOL_RAISE_IF_ALLOCATION_FAILURE OR'ed into NonPagedPool keeps bit 0
// and the NX bit clear: still executable.
//
static NTSTATUS
XferAllocateScratch(SIZE_T Length, PVOID *Scratch)
{
    __try {
        *Scratch = ExAllocatePoolWithTag(NonPagedPool | POOL_RAISE_IF_ALLOCATION_FAILURE, Length, XFER_TAG); // expected-error{{'ExAllocatePoolWithTag' allocates executable NonPagedPool memory}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        *Scratch = NULL;
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

//
// Case: the old untagged ExAllocatePool with NonPagedPool.
//
static PVOID
XferAllocateSgList(ULONG Elements)
{
    return ExAllocatePool(NonPagedPool, Elements * sizeof(PHYSICAL_ADDRESS)); // expected-error{{'ExAllocatePool' allocates executable NonPagedPool memory, which lets an attacker run injected code and fails HVCI; use 'ExAllocatePool2' with POOL_FLAG_NON_PAGED}}
}

//
// Case: a literal 0 is NonPagedPool; older code often passes it.
//
static PVOID
XferAllocateStatusBlock(VOID)
{
    return ExAllocatePoolWithTag(0, sizeof(IO_STATUS_BLOCK), XFER_TAG); // expected-error{{'ExAllocatePoolWithTag' allocates executable NonPagedPool memory}}
}

//
// Case: a patch trampoline explicitly asks for executable pool. The rule
// reports it like any other executable allocation.
//
static NTSTATUS
XferAllocateTrampoline(PXFER_CONTEXT Context)
{
    Context->Trampoline = ExAllocatePoolWithTag(NonPagedPoolExecute, PAGE_SIZE, XFER_TAG); // expected-error{{'ExAllocatePoolWithTag' allocates executable NonPagedPool memory}}
    return Context->Trampoline != NULL ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

//
// Case: quota-charged NonPagedPool: the executable message names
// ExAllocatePoolWithQuotaTag (which raises instead of returning NULL).
//
static PVOID
XferCaptureCallerBuffer(PVOID Source, ULONG Length)
{
    PVOID copy = NULL;

    __try {
        copy = ExAllocatePoolWithQuotaTag(NonPagedPool, Length, XFER_TAG); // expected-error{{'ExAllocatePoolWithQuotaTag' allocates executable NonPagedPool memory}}
        RtlCopyMemory(copy, Source, Length);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        if (copy != NULL) {
            ExFreePoolWithTag(copy, XFER_TAG);
        }
        copy = NULL;
    }
    return copy;
}

//
// Boundary: NonPagedPoolNx (bit 0x200 set) gets the ordinary message, not the
// executable one.
//
static PVOID
XferAllocateNxCompletionBlock(VOID)
{
    return ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(IO_STATUS_BLOCK), XFER_TAG); // expected-error{{'ExAllocatePoolWithTag' is deprecated and returns uninitialized pool memory}}
}

//
// Boundary: a pool type chosen at run time is not a constant, even when both
// choices are: the ordinary message.
//
static PVOID
XferAllocateForIrql(SIZE_T Length)
{
    return ExAllocatePoolWithTag(KeGetCurrentIrql() > APC_LEVEL ? NonPagedPool : PagedPool, Length, XFER_TAG); // expected-error{{'ExAllocatePoolWithTag' is deprecated and returns uninitialized pool memory}}
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PVOID scratch;
    PXFER_COMMAND command;
    PXFER_REQUEST request;

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeSpinLock(&XferContext.Lock);
    InitializeListHead(&XferContext.FreeCommands);

    status = XferAllocateCommandBlock(&XferContext);
    if (NT_SUCCESS(status)) {
        status = XferAllocateBounceBuffer(&XferContext);
    }
    if (NT_SUCCESS(status)) {
        status = XferAllocateTrampoline(&XferContext);
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }

    command = XferAllocateCommand();
    if (command != NULL) {
        InsertTailList(&XferContext.FreeCommands, &command->Link);
    }

    request = XferAllocateRequest(NULL);
    if (request != NULL) {
        ExFreePoolWithTag(request, XFER_TAG);
    }

    if (NT_SUCCESS(XferAllocateScratch(PAGE_SIZE, &scratch))) {
        ExFreePoolWithTag(scratch, XFER_TAG);
    }

    scratch = XferAllocateSgList(16);
    if (scratch != NULL) {
        ExFreePool(scratch);
    }
    scratch = XferAllocateStatusBlock();
    if (scratch != NULL) {
        ExFreePoolWithTag(scratch, XFER_TAG);
    }
    scratch = XferAllocateNxCompletionBlock();
    if (scratch != NULL) {
        ExFreePoolWithTag(scratch, XFER_TAG);
    }
    scratch = XferAllocateForIrql(64);
    if (scratch != NULL) {
        ExFreePoolWithTag(scratch, XFER_TAG);
    }
    scratch = XferCaptureCallerBuffer(&XferContext, sizeof(XferContext));
    if (scratch != NULL) {
        ExFreePoolWithTag(scratch, XFER_TAG);
    }
    return STATUS_SUCCESS;
}
