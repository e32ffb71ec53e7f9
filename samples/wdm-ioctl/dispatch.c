/*
 * dispatch.c - Contoso System Monitor driver: create/close and the
 * IRP_MJ_DEVICE_CONTROL dispatch routine.
 */
#include "ctsmon.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, CtsMonDispatchCreateClose)
#pragma alloc_text(PAGE, CtsMonDispatchDeviceControl)
#endif

/*
 * Completes Irp with Status and Information and returns Status, so that
 * dispatch routines can end with "return CtsMonCompleteRequest(...)".
 */
NTSTATUS
CtsMonCompleteRequest(
    _Inout_ PIRP Irp,
    _In_ NTSTATUS Status,
    _In_ ULONG_PTR Information
    )
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

_Use_decl_annotations_
NTSTATUS
CtsMonDispatchCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PCTSMON_DEVICE_EXTENSION deviceExtension =
        (PCTSMON_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION ioStack = IoGetCurrentIrpStackLocation(Irp);

    PAGED_CODE();

    switch (ioStack->MajorFunction) {
    case IRP_MJ_CREATE:
        InterlockedIncrement(&deviceExtension->OpenHandles);
        break;

    case IRP_MJ_CLOSE:
        InterlockedDecrement(&deviceExtension->OpenHandles);
        break;

    default:
        break;
    }

    return CtsMonCompleteRequest(Irp, STATUS_SUCCESS, 0);
}

_Use_decl_annotations_
NTSTATUS
CtsMonDispatchDeviceControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PCTSMON_DEVICE_EXTENSION deviceExtension =
        (PCTSMON_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION ioStack = IoGetCurrentIrpStackLocation(Irp);
    ULONG ioControlCode = ioStack->Parameters.DeviceIoControl.IoControlCode;
    ULONG_PTR information = 0;
    NTSTATUS status;

    PAGED_CODE();

    switch (ioControlCode) {
    case IOCTL_CTSMON_GET_VERSION:
        status = CtsMonIoctlGetVersion(Irp, ioStack, &information);
        break;

    case IOCTL_CTSMON_GET_STATISTICS:
        status = CtsMonIoctlGetStatistics(deviceExtension, Irp, ioStack, &information);
        break;

    case IOCTL_CTSMON_SET_CONFIG:
        status = CtsMonIoctlSetConfig(deviceExtension, Irp, ioStack);
        break;

    case IOCTL_CTSMON_SUBMIT_SAMPLES:
        status = CtsMonIoctlSubmitSamples(deviceExtension, Irp, ioStack);
        break;

    case IOCTL_CTSMON_READ_SAMPLES:
        status = CtsMonIoctlReadSamples(deviceExtension, Irp, ioStack, &information);
        break;

    default:
        KdPrint(("CtsMon: unknown IOCTL 0x%08X\n", ioControlCode));
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    /* A failed request returns no data to the caller. */
    if (!NT_SUCCESS(status)) {
        information = 0;
    }

    return CtsMonCompleteRequest(Irp, status, information);
}
