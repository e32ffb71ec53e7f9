// drvcert-test: rules=device-namespace-unsecured
//
// The file-name mitigation in its most common real shape: one routine
// handles IRP_MJ_CREATE and IRP_MJ_CLOSE, registered with a chained
// assignment, and checks the file name in its IRP_MJ_CREATE case. The rule
// must see that this routine is the IRP_MJ_CREATE handler and that it reads
// FileObject->FileName.Length. No expectations: the rule must report
// nothing here.

#include <ntddk.h>

#define IOCTL_BEEPER_SET_TONE \
    CTL_CODE(FILE_DEVICE_BEEP, 0x800, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _BEEPER_TONE {
    ULONG Frequency;
    ULONG DurationMs;
} BEEPER_TONE, *PBEEPER_TONE;

typedef struct _BEEPER_EXTENSION {
    FAST_MUTEX Lock;
    LONG OpenCount;
    BEEPER_TONE Tone;
} BEEPER_EXTENSION, *PBEEPER_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD BeeperUnload;
DRIVER_DISPATCH BeeperCreateClose;
DRIVER_DISPATCH BeeperDeviceControl;

NTSTATUS
BeeperCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PBEEPER_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;

    switch (stack->MajorFunction) {
    case IRP_MJ_CREATE:
        // Only the device itself may be opened, never a name below it.
        if (stack->FileObject != NULL && stack->FileObject->FileName.Length > 0) {
            status = STATUS_OBJECT_PATH_NOT_FOUND;
            break;
        }
        InterlockedIncrement(&ext->OpenCount);
        break;
    case IRP_MJ_CLOSE:
        InterlockedDecrement(&ext->OpenCount);
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
BeeperDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PBEEPER_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_BEEPER_SET_TONE:
        if (stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(BEEPER_TONE)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ExAcquireFastMutex(&ext->Lock);
        RtlCopyMemory(&ext->Tone, Irp->AssociatedIrp.SystemBuffer, sizeof(BEEPER_TONE));
        ExReleaseFastMutex(&ext->Lock);
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

VOID
BeeperUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ExampleBeeper");

    IoDeleteSymbolicLink(&link);
    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ExampleBeeper");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ExampleBeeper");
    PDEVICE_OBJECT deviceObject;
    PBEEPER_EXTENSION ext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    // Silent: protected by BeeperCreateClose.
    status = IoCreateDevice(DriverObject, sizeof(BEEPER_EXTENSION), &name, FILE_DEVICE_BEEP, 0, FALSE, &deviceObject); // no-warning
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = deviceObject->DeviceExtension;
    ExInitializeFastMutex(&ext->Lock);
    ext->OpenCount = 0;

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] =
        DriverObject->MajorFunction[IRP_MJ_CLOSE] = BeeperCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = BeeperDeviceControl;
    DriverObject->DriverUnload = BeeperUnload;

    deviceObject->Flags |= DO_BUFFERED_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
