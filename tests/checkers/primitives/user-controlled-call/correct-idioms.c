// drvcert-test: rules=user-controlled-call
//
// The same platform-services driver done right: the request selects one of
// the driver's own routines by a checked index or code, deferred work runs
// the driver's routine with the request's data as context, and the
// vendor's kernel-mode companion may pass a callback of its own (kernel
// requestors only). None of this may be reported.

#include <ntddk.h>

#define PSV_COMMAND_COUNT 4

#define IOCTL_PSV_COMMAND \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PSV_DEFERRED \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PSV_KERNEL_CALLBACK \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PSV_SELECT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x903, METHOD_BUFFERED, FILE_WRITE_ACCESS)

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
    ULONG PendingArgument;
} PSV_EXTENSION, *PPSV_EXTENSION;

static NTSTATUS PsvGetVersion(PVOID Context, ULONG Argument);
static NTSTATUS PsvGetStatus(PVOID Context, ULONG Argument);
static NTSTATUS PsvReset(PVOID Context, ULONG Argument);
static NTSTATUS PsvSetLed(PVOID Context, ULONG Argument);
static IO_WORKITEM_ROUTINE PsvWorker;

static const PSV_COMMAND PsvCommands[PSV_COMMAND_COUNT] = {
    PsvGetVersion, PsvGetStatus, PsvReset, PsvSetLed};

DRIVER_DISPATCH PsvDeviceControl;

static NTSTATUS
PsvCommand(PPSV_EXTENSION Ext, PPSV_REQUEST Request)
{
    if (Request->Type >= RTL_NUMBER_OF(PsvCommands)) {
        return STATUS_INVALID_PARAMETER;
    }
    return PsvCommands[Request->Type](Ext, Request->Argument);
}

static VOID
PsvWorker(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PPSV_EXTENSION ext = Context;

    UNREFERENCED_PARAMETER(DeviceObject);
    ext->PendingArgument = 0;
}

static VOID
PsvDeferred(PPSV_EXTENSION Ext, PPSV_REQUEST Request)
{
    Ext->PendingArgument = Request->Argument;
    IoQueueWorkItem(Ext->WorkItem, PsvWorker, DelayedWorkQueue, Ext);
}

static NTSTATUS
PsvKernelCallback(PIRP Irp, PPSV_REQUEST Request)
{
    if (Irp->RequestorMode != KernelMode) {
        return STATUS_ACCESS_DENIED;
    }
    ((PSV_CALLBACK)Request->Routine)(Request->Context);
    return STATUS_SUCCESS;
}

static NTSTATUS
PsvSelect(PPSV_EXTENSION Ext, PPSV_REQUEST Request)
{
    PSV_COMMAND command;

    switch (Request->Type) {
    case 0:
        command = PsvGetVersion;
        break;
    case 1:
        command = PsvGetStatus;
        break;
    default:
        return STATUS_INVALID_PARAMETER;
    }
    return command(Ext, Request->Argument);
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
        case IOCTL_PSV_COMMAND:
            status = PsvCommand(ext, request);
            break;
        case IOCTL_PSV_DEFERRED:
            PsvDeferred(ext, request);
            break;
        case IOCTL_PSV_KERNEL_CALLBACK:
            status = PsvKernelCallback(Irp, request);
            break;
        case IOCTL_PSV_SELECT:
            status = PsvSelect(ext, request);
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
