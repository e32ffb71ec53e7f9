/*
 * hwio.c - Contoso Hardware Utility driver: MSRs, I/O ports and PCI
 * configuration space.
 *
 * HwUtil.exe shows CPU temperatures and clocks (MSRs), talks to the
 * super-I/O chip (ports) and lists PCI devices (configuration space). The
 * handlers pass the request's index, port or bus/slot/offset straight to
 * the hardware.
 */
#include "hwutil.h"

_Use_decl_annotations_
NTSTATUS
CtsHwReadMsr(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PCTSHW_MSR_REQUEST request = Irp->AssociatedIrp.SystemBuffer;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(CTSHW_MSR_REQUEST) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(CTSHW_MSR_REQUEST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    request->Value = __readmsr(request->Index); // drvcert-expect: ioctl-msr-access
    Irp->IoStatus.Information = sizeof(CTSHW_MSR_REQUEST);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
CtsHwWriteMsr(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PCTSHW_MSR_REQUEST request = Irp->AssociatedIrp.SystemBuffer;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(CTSHW_MSR_REQUEST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __writemsr(request->Index, request->Value); // drvcert-expect: ioctl-msr-access
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
CtsHwReadPort(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PCTSHW_PORT_REQUEST request = Irp->AssociatedIrp.SystemBuffer;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(CTSHW_PORT_REQUEST) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(CTSHW_PORT_REQUEST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    switch (request->Width) {
    case 1:
        request->Value = READ_PORT_UCHAR((PUCHAR)(ULONG_PTR)request->Port); // drvcert-expect: ioctl-port-or-bus-io
        break;
    case 2:
        request->Value = READ_PORT_USHORT((PUSHORT)(ULONG_PTR)request->Port); // drvcert-expect: ioctl-port-or-bus-io
        break;
    case 4:
        request->Value = READ_PORT_ULONG((PULONG)(ULONG_PTR)request->Port); // drvcert-expect: ioctl-port-or-bus-io
        break;
    default:
        return STATUS_INVALID_PARAMETER;
    }
    Irp->IoStatus.Information = sizeof(CTSHW_PORT_REQUEST);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
CtsHwWritePort(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PCTSHW_PORT_REQUEST request = Irp->AssociatedIrp.SystemBuffer;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(CTSHW_PORT_REQUEST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (request->Width != 1) {
        return STATUS_NOT_SUPPORTED;
    }
    __outbyte(request->Port, (UCHAR)request->Value); // drvcert-expect: ioctl-port-or-bus-io
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
CtsHwReadPciConfig(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PCTSHW_PCI_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    ULONG read;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(CTSHW_PCI_REQUEST) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(CTSHW_PCI_REQUEST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (request->Length > sizeof(request->Data)) {
        return STATUS_INVALID_PARAMETER;
    }
    read = HalGetBusDataByOffset(PCIConfiguration, request->Bus, request->Slot, // drvcert-expect: ioctl-port-or-bus-io
                                 request->Data, request->Offset, request->Length);
    Irp->IoStatus.Information = FIELD_OFFSET(CTSHW_PCI_REQUEST, Data) + read;
    return STATUS_SUCCESS;
}
