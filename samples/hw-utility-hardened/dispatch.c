/*
 * dispatch.c - Contoso Hardware Utility driver (hardened): IRP_MJ_CREATE/CLOSE and the
 * IRP_MJ_DEVICE_CONTROL switch. Every IOCTL needs read and write access
 * to the device (SYSTEM and Administrators only) and has a handler in
 * hwio.c or physmem.c that checks the buffer lengths and allowlists the
 * hardware it touches.
 */
#include "hwutil.h"

_Use_decl_annotations_
NTSTATUS
CtsHwDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
CtsHwDispatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Information = 0;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_CTSHW_READ_PHYSICAL:
        status = CtsHwReadPhysical(Irp, irpSp);
        break;
    case IOCTL_CTSHW_READ_MSR:
        status = CtsHwReadMsr(Irp, irpSp);
        break;
    case IOCTL_CTSHW_WRITE_MSR:
        status = CtsHwWriteMsr(Irp, irpSp);
        break;
    case IOCTL_CTSHW_READ_PORT:
        status = CtsHwReadPort(Irp, irpSp);
        break;
    case IOCTL_CTSHW_WRITE_PORT:
        status = CtsHwWritePort(Irp, irpSp);
        break;
    case IOCTL_CTSHW_READ_PCI_CONFIG:
        status = CtsHwReadPciConfig(Irp, irpSp);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
