// drvcert-test: rules=user-pointer-unprobed
//
// A process-activity monitor that answers its hot queries through the fast
// I/O path. FastIoDeviceControl receives the caller's InputBuffer and
// OutputBuffer as raw user addresses, with no IRP and no system buffer; it
// returns FALSE for the codes it does not handle, and the I/O manager then
// builds an IRP for IRP_MJ_DEVICE_CONTROL. The fast I/O codes here are
// METHOD_NEITHER, like the IRP path's.

#include <ntddk.h>

#define PMON_MAX_TRACKED 128

#define IOCTL_PMON_QUERY_PROCESS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB00, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_PMON_GET_TOTALS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB01, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_PMON_QUERY_PROCESS_CHECKED \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB02, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_PMON_SET_SAMPLING \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB03, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_PMON_RESET \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB04, METHOD_BUFFERED, FILE_WRITE_DATA)

typedef struct _PMON_QUERY {
    ULONG ProcessSlot;
    ULONG Flags;
} PMON_QUERY, *PPMON_QUERY;

typedef struct _PMON_ACTIVITY {
    ULONG64 CpuCycles;
    ULONG64 IoBytes;
    ULONG HandleCount;
    ULONG ThreadCount;
} PMON_ACTIVITY, *PPMON_ACTIVITY;

typedef struct _PMON_TOTALS {
    ULONG64 Events;
    ULONG64 Dropped;
} PMON_TOTALS, *PPMON_TOTALS;

typedef struct _PMON_SAMPLING {
    ULONG IntervalMs;
    ULONG Flags;
} PMON_SAMPLING, *PPMON_SAMPLING;

typedef struct _PMON_EXTENSION {
    PMON_ACTIVITY Activity[PMON_MAX_TRACKED];
    PMON_TOTALS Totals;
    PMON_SAMPLING Sampling;
} PMON_EXTENSION, *PPMON_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PmonUnload;
DRIVER_DISPATCH PmonCreateClose;
DRIVER_DISPATCH PmonDeviceControl;
FAST_IO_DEVICE_CONTROL PmonFastIoDeviceControl;

static FAST_IO_DISPATCH PmonFastIoDispatch;

//
// Case: the query is read straight from the caller's input buffer.
//
static NTSTATUS
PmonFastQueryProcess(PPMON_EXTENSION Ext, PVOID InputBuffer, ULONG InputBufferLength,
                     PVOID OutputBuffer, ULONG OutputBufferLength, PULONG_PTR Information)
{
    PPMON_QUERY query = InputBuffer;
    ULONG slot = 0;
    NTSTATUS status = STATUS_SUCCESS;

    if (InputBufferLength < sizeof(PMON_QUERY) || OutputBufferLength < sizeof(PMON_ACTIVITY)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        slot = query->ProcessSlot; // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (slot >= PMON_MAX_TRACKED) {
        return STATUS_INVALID_PARAMETER;
    }
    __try {
        ProbeForWrite(OutputBuffer, sizeof(PMON_ACTIVITY), TYPE_ALIGNMENT(PMON_ACTIVITY));
        RtlCopyMemory(OutputBuffer, &Ext->Activity[slot], sizeof(PMON_ACTIVITY));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    *Information = NT_SUCCESS(status) ? sizeof(PMON_ACTIVITY) : 0;
    return status;
}

//
// Case: the totals are copied to the caller's output buffer unprobed.
//
static NTSTATUS
PmonFastGetTotals(PPMON_EXTENSION Ext, PVOID OutputBuffer, ULONG OutputBufferLength,
                  PULONG_PTR Information)
{
    NTSTATUS status = STATUS_SUCCESS;

    if (OutputBufferLength < sizeof(PMON_TOTALS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        RtlCopyMemory(OutputBuffer, &Ext->Totals, sizeof(PMON_TOTALS)); // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    *Information = NT_SUCCESS(status) ? sizeof(PMON_TOTALS) : 0;
    return status;
}

//
// Correct: both buffers probed before use.
//
static NTSTATUS
PmonFastQueryProcessChecked(PPMON_EXTENSION Ext, PVOID InputBuffer, ULONG InputBufferLength,
                            PVOID OutputBuffer, ULONG OutputBufferLength, PULONG_PTR Information)
{
    PPMON_QUERY query = InputBuffer;
    ULONG slot = 0;
    NTSTATUS status = STATUS_SUCCESS;

    if (InputBufferLength < sizeof(PMON_QUERY) || OutputBufferLength < sizeof(PMON_ACTIVITY)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead(query, sizeof(PMON_QUERY), TYPE_ALIGNMENT(PMON_QUERY));
        slot = query->ProcessSlot; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (slot >= PMON_MAX_TRACKED) {
        return STATUS_INVALID_PARAMETER;
    }
    __try {
        ProbeForWrite(OutputBuffer, sizeof(PMON_ACTIVITY), TYPE_ALIGNMENT(PMON_ACTIVITY));
        RtlCopyMemory(OutputBuffer, &Ext->Activity[slot], sizeof(PMON_ACTIVITY)); // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    *Information = NT_SUCCESS(status) ? sizeof(PMON_ACTIVITY) : 0;
    return status;
}

//
// Correct: fast I/O has no IRP, so the requestor mode is the previous
// mode; kernel-mode callers pass kernel buffers.
//
static NTSTATUS
PmonFastSetSampling(PPMON_EXTENSION Ext, PVOID InputBuffer, ULONG InputBufferLength)
{
    PPMON_SAMPLING sampling = InputBuffer;
    PMON_SAMPLING captured;

    if (InputBufferLength < sizeof(PMON_SAMPLING)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        if (ExGetPreviousMode() != KernelMode) {
            ProbeForRead(sampling, sizeof(PMON_SAMPLING), TYPE_ALIGNMENT(PMON_SAMPLING));
        }
        captured = *sampling; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (captured.IntervalMs < 10 || captured.IntervalMs > 60000) {
        return STATUS_INVALID_PARAMETER;
    }
    Ext->Sampling = captured;
    return STATUS_SUCCESS;
}

BOOLEAN
PmonFastIoDeviceControl(PFILE_OBJECT FileObject, BOOLEAN Wait, PVOID InputBuffer,
                        ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength,
                        ULONG IoControlCode, PIO_STATUS_BLOCK IoStatus, PDEVICE_OBJECT DeviceObject)
{
    PPMON_EXTENSION ext = DeviceObject->DeviceExtension;
    ULONG_PTR information = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(FileObject);
    UNREFERENCED_PARAMETER(Wait);

    switch (IoControlCode) {
    case IOCTL_PMON_QUERY_PROCESS:
        status = PmonFastQueryProcess(ext, InputBuffer, InputBufferLength, OutputBuffer,
                                      OutputBufferLength, &information);
        break;
    case IOCTL_PMON_GET_TOTALS:
        status = PmonFastGetTotals(ext, OutputBuffer, OutputBufferLength, &information);
        break;
    case IOCTL_PMON_QUERY_PROCESS_CHECKED:
        status = PmonFastQueryProcessChecked(ext, InputBuffer, InputBufferLength, OutputBuffer,
                                             OutputBufferLength, &information);
        break;
    case IOCTL_PMON_SET_SAMPLING:
        status = PmonFastSetSampling(ext, InputBuffer, InputBufferLength);
        break;
    default:
        // Not handled here: the I/O manager sends an IRP instead.
        return FALSE;
    }

    IoStatus->Status = status;
    IoStatus->Information = information;
    return TRUE;
}

//
// The IRP path handles the remaining, METHOD_BUFFERED, code.
//
NTSTATUS
PmonDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PPMON_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PMON_RESET:
        RtlZeroMemory(&ext->Totals, sizeof(ext->Totals));
        RtlZeroMemory(ext->Activity, sizeof(ext->Activity));
        status = STATUS_SUCCESS;
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
PmonCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
PmonUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ProcActivity");

    IoDeleteSymbolicLink(&link);
    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ProcActivity");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ProcActivity");
    PDEVICE_OBJECT deviceObject;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(PMON_EXTENSION), &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(deviceObject->DeviceExtension, sizeof(PMON_EXTENSION));

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }

    RtlZeroMemory(&PmonFastIoDispatch, sizeof(PmonFastIoDispatch));
    PmonFastIoDispatch.SizeOfFastIoDispatch = sizeof(FAST_IO_DISPATCH);
    PmonFastIoDispatch.FastIoDeviceControl = PmonFastIoDeviceControl;
    DriverObject->FastIoDispatch = &PmonFastIoDispatch;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PmonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PmonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PmonDeviceControl;
    DriverObject->DriverUnload = PmonUnload;

    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
