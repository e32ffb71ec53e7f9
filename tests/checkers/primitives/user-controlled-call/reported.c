// drvcert-test: rules=user-controlled-call
//
// A "platform services" driver of the kind that let Capcom.sys and the
// appid.sys zero-day (CVE-2024-21338) run caller code in ring 0: callbacks
// taken from the request, a command table indexed by the request's type
// with an off-by-one check, and deferred work whose routine the caller
// supplies.

#include <ntddk.h>

#define PSV_COMMAND_COUNT 4

#define IOCTL_PSV_CALLBACK \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x880, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PSV_COMMAND \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x881, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PSV_ASYNC \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x882, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PSV_DEFERRED \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x883, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PSV_LEGACY_WORK \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x884, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PSV_DPC \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x885, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef VOID (*PSV_CALLBACK)(PVOID Context);
typedef NTSTATUS (*PSV_COMMAND)(PVOID Context, ULONG Argument);

typedef struct _PSV_REQUEST {
    PVOID Routine;
    PVOID Context;
    ULONG Type;
    ULONG Argument;
} PSV_REQUEST, *PPSV_REQUEST;

typedef struct _PSV_EXTENSION {
    PIO_WORKITEM WorkItem;
    WORK_QUEUE_ITEM LegacyItem;
    KDPC Dpc;
} PSV_EXTENSION, *PPSV_EXTENSION;

static NTSTATUS PsvGetVersion(PVOID Context, ULONG Argument);
static NTSTATUS PsvGetStatus(PVOID Context, ULONG Argument);
static NTSTATUS PsvReset(PVOID Context, ULONG Argument);
static NTSTATUS PsvSetLed(PVOID Context, ULONG Argument);

static const PSV_COMMAND PsvCommands[PSV_COMMAND_COUNT] = {
    PsvGetVersion, PsvGetStatus, PsvReset, PsvSetLed};

DRIVER_DISPATCH PsvDeviceControl;

// Case: the appid.sys shape, a callback pointer from the request.
static VOID
PsvCallback(PPSV_REQUEST Request)
{
    PSV_CALLBACK callback = (PSV_CALLBACK)Request->Routine;

    callback(Request->Context); // expected-error{{call through a function pointer from a value read from the SystemBuffer; any caller can make the kernel run code at an address it chooses}}
}

// Case: a command table; "<=" lets the index reach one past the end.
static NTSTATUS
PsvCommand(PPSV_REQUEST Request)
{
    if (Request->Type > PSV_COMMAND_COUNT) {
        return STATUS_INVALID_PARAMETER;
    }
    return PsvCommands[Request->Type](Request->Context, Request->Argument); // expected-error{{call through 'PsvCommands' with an index from a value read from the SystemBuffer not proven below its 4 entries}}
}

// Case: a system thread started at the caller's address.
static NTSTATUS
PsvAsync(PPSV_REQUEST Request)
{
    HANDLE thread;
    OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, &attributes, NULL, NULL, (PKSTART_ROUTINE)Request->Routine, Request->Context); // expected-error{{'PsCreateSystemThread' schedules a routine whose address comes from a value read from the SystemBuffer}}
    if (NT_SUCCESS(status)) {
        ZwClose(thread);
    }
    return status;
}

// Case: an I/O work item.
static VOID
PsvDeferred(PPSV_EXTENSION Ext, PPSV_REQUEST Request)
{
    IoQueueWorkItem(Ext->WorkItem, (PIO_WORKITEM_ROUTINE)Request->Routine, DelayedWorkQueue, Request->Context); // expected-error{{'IoQueueWorkItem' schedules a routine whose address comes from a value read from the SystemBuffer}}
}

// Case: the legacy executive work item, set up with ExInitializeWorkItem.
static VOID
PsvLegacyWork(PPSV_EXTENSION Ext, PPSV_REQUEST Request)
{
    ExInitializeWorkItem(&Ext->LegacyItem, (PWORKER_THREAD_ROUTINE)Request->Routine, Request->Context);
    ExQueueWorkItem(&Ext->LegacyItem, DelayedWorkQueue); // expected-error{{'ExQueueWorkItem' schedules a routine whose address comes from a value read from the SystemBuffer}}
}

// Case: a DPC routine.
static VOID
PsvDpc(PPSV_EXTENSION Ext, PPSV_REQUEST Request)
{
    KeInitializeDpc(&Ext->Dpc, (PKDEFERRED_ROUTINE)Request->Routine, Request->Context); // expected-error{{'KeInitializeDpc' schedules a routine whose address comes from a value read from the SystemBuffer}}
    KeInsertQueueDpc(&Ext->Dpc, NULL, NULL);
}

NTSTATUS
PsvDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PPSV_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PPSV_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    Irp->IoStatus.Information = 0;
    if (irpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(PSV_REQUEST)) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
        case IOCTL_PSV_CALLBACK:
            PsvCallback(request);
            break;
        case IOCTL_PSV_COMMAND:
            status = PsvCommand(request);
            break;
        case IOCTL_PSV_ASYNC:
            status = PsvAsync(request);
            break;
        case IOCTL_PSV_DEFERRED:
            PsvDeferred(ext, request);
            break;
        case IOCTL_PSV_LEGACY_WORK:
            PsvLegacyWork(ext, request);
            break;
        case IOCTL_PSV_DPC:
            PsvDpc(ext, request);
            break;
        default:
            status = STATUS_INVALID_DEVICE_REQUEST;
            break;
        }
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS PsvGetVersion(PVOID Context, ULONG Argument) { UNREFERENCED_PARAMETER(Context); UNREFERENCED_PARAMETER(Argument); return STATUS_SUCCESS; }
static NTSTATUS PsvGetStatus(PVOID Context, ULONG Argument) { UNREFERENCED_PARAMETER(Context); UNREFERENCED_PARAMETER(Argument); return STATUS_SUCCESS; }
static NTSTATUS PsvReset(PVOID Context, ULONG Argument) { UNREFERENCED_PARAMETER(Context); UNREFERENCED_PARAMETER(Argument); return STATUS_SUCCESS; }
static NTSTATUS PsvSetLed(PVOID Context, ULONG Argument) { UNREFERENCED_PARAMETER(Context); UNREFERENCED_PARAMETER(Argument); return STATUS_SUCCESS; }
