/*
 * hwio.c - Contoso Hardware Utility driver (hardened): MSRs, I/O ports and
 * PCI configuration space.
 *
 * Each handler accepts only the hardware HwUtil.exe needs: the thermal and
 * performance MSRs, the super-I/O chip's hardware-monitor registers, and
 * the configuration header of the devices on bus 0. Writing an MSR also
 * needs SeLoadDriverPrivilege, which only administrators hold.
 */
#include "hwutil.h"

static BOOLEAN
CtsHwMsrReadable(ULONG Index)
{
    switch (Index) {
    case MSR_IA32_PERF_STATUS:
    case MSR_IA32_PERF_CTL:
    case MSR_IA32_THERM_STATUS:
    case MSR_IA32_PACKAGE_THERM_STATUS:
        return TRUE;
    default:
        return FALSE;
    }
}

_Use_decl_annotations_
NTSTATUS
CtsHwReadMsr(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PCTSHW_MSR_REQUEST request = Irp->AssociatedIrp.SystemBuffer;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(CTSHW_MSR_REQUEST) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(CTSHW_MSR_REQUEST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (!CtsHwMsrReadable(request->Index)) {
        return STATUS_ACCESS_DENIED;
    }
    request->Value = __readmsr(request->Index);
    Irp->IoStatus.Information = sizeof(CTSHW_MSR_REQUEST);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
CtsHwWriteMsr(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PCTSHW_MSR_REQUEST request = Irp->AssociatedIrp.SystemBuffer;

    if (!SeSinglePrivilegeCheck(RtlConvertLongToLuid(SE_LOAD_DRIVER_PRIVILEGE), Irp->RequestorMode)) {
        return STATUS_PRIVILEGE_NOT_HELD;
    }
    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(CTSHW_MSR_REQUEST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    /* P-state requests only. */
    if (request->Index != MSR_IA32_PERF_CTL) {
        return STATUS_ACCESS_DENIED;
    }
    __writemsr(request->Index, request->Value);
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
    /* Port is the hardware-monitor register to read, behind the fixed
     * index/data pair. */
    if (request->Port < SIO_HWM_FIRST_REGISTER || request->Port > SIO_HWM_LAST_REGISTER) {
        return STATUS_INVALID_PARAMETER;
    }
    WRITE_PORT_UCHAR((PUCHAR)SIO_INDEX_PORT, (UCHAR)request->Port);
    request->Value = READ_PORT_UCHAR((PUCHAR)SIO_DATA_PORT);
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
    if (request->Port < SIO_HWM_FIRST_REGISTER || request->Port > SIO_HWM_LAST_REGISTER) {
        return STATUS_INVALID_PARAMETER;
    }
    __outbyte(SIO_INDEX_PORT, (UCHAR)request->Port);
    __outbyte(SIO_DATA_PORT, (UCHAR)request->Value);
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
    /* Bus 0 only, any of its 32 devices x 8 functions, the header only. */
    if (request->Slot > 0xFF || request->Offset >= CTSHW_PCI_HEADER_SIZE ||
        request->Length > CTSHW_PCI_HEADER_SIZE - request->Offset) {
        return STATUS_INVALID_PARAMETER;
    }
    read = HalGetBusDataByOffset(PCIConfiguration, CTSHW_PCI_BUS, request->Slot,
                                 request->Data, request->Offset, request->Length);
    Irp->IoStatus.Information = FIELD_OFFSET(CTSHW_PCI_REQUEST, Data) + read;
    return STATUS_SUCCESS;
}
