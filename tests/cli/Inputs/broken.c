#include <ntddk.h>

NTSTATUS DispatchBroken(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return undeclared_status;
}
