// drvcert-test: rules=ioctl-port-or-bus-io
//
// The port and PCI half of a WinIo / RWEverything style "hardware access"
// driver: IOCTLs that read and write any I/O port and any PCI device's
// configuration space for the caller.

#include <ntddk.h>

#define KBC_COMMAND_PORT 0x64
#define PCI_CONFIG_ADDRESS 0xCF8
#define PCI_CONFIG_DATA 0xCFC

#define IOCTL_HWA_READ_PORT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x840, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HWA_WRITE_PORT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x841, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HWA_READ_PCI \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x842, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HWA_WRITE_PCI \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x843, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HWA_READ_PCI_RAW \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x844, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HWA_WRITE_PORT_SAFE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x845, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _HWA_PORT_REQUEST {
    USHORT Port;
    UCHAR Width;
    UCHAR Reserved;
    ULONG Value;
} HWA_PORT_REQUEST, *PHWA_PORT_REQUEST;

typedef struct _HWA_PCI_REQUEST {
    ULONG Bus;
    ULONG Slot; // PCI_SLOT_NUMBER.u.AsULONG
    ULONG Offset;
    ULONG Length;
    UCHAR Data[256];
} HWA_PCI_REQUEST, *PHWA_PCI_REQUEST;

DRIVER_DISPATCH HwaDeviceControl;

//
// Case: read any port, three widths.
//
static NTSTATUS
HwaReadPort(PHWA_PORT_REQUEST Request)
{
    switch (Request->Width) {
    case 1:
        Request->Value = __inbyte(Request->Port); // expected-error{{'__inbyte' reads from an I/O port from a value read from the SystemBuffer without an allowlist; any caller can drive any device on the port bus}}
        break;
    case 2:
        Request->Value = READ_PORT_USHORT((PUSHORT)(ULONG_PTR)Request->Port); // expected-error{{'READ_PORT_USHORT' reads from an I/O port from a value read from the SystemBuffer without an allowlist}}
        break;
    case 4:
        Request->Value = __indword(Request->Port); // expected-error{{'__indword' reads from an I/O port}}
        break;
    default:
        return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

//
// Case: write any port.
//
static NTSTATUS
HwaWritePort(PHWA_PORT_REQUEST Request)
{
    if (Request->Width != 1) {
        return STATUS_NOT_SUPPORTED;
    }
    __outbyte(Request->Port, (UCHAR)Request->Value); // expected-error{{'__outbyte' writes to an I/O port from a value read from the SystemBuffer without an allowlist}}
    return STATUS_SUCCESS;
}

//
// Case: a deny-list for the keyboard controller's reset line only.
//
static NTSTATUS
HwaWritePortSafe(PHWA_PORT_REQUEST Request)
{
    if (Request->Port == KBC_COMMAND_PORT) {
        return STATUS_ACCESS_DENIED;
    }
    WRITE_PORT_UCHAR((PUCHAR)(ULONG_PTR)Request->Port, (UCHAR)Request->Value); // expected-error{{'WRITE_PORT_UCHAR' writes to an I/O port from a value read from the SystemBuffer, which only a deny-list constrains}}
    return STATUS_SUCCESS;
}

//
// Case: PCI configuration space of any bus and slot.
//
static NTSTATUS
HwaReadPci(PHWA_PCI_REQUEST Request, PULONG_PTR Information)
{
    ULONG read;

    if (Request->Length > sizeof(Request->Data)) {
        return STATUS_INVALID_PARAMETER;
    }
    read = HalGetBusDataByOffset(PCIConfiguration, Request->Bus, Request->Slot, Request->Data, Request->Offset, Request->Length); // expected-error{{'HalGetBusDataByOffset' accesses PCI configuration space at a bus number from a value read from the SystemBuffer without an allowlist}}
    *Information = read;
    return STATUS_SUCCESS;
}

//
// Case: the bus is the driver's, the slot and offset are the caller's.
//
static NTSTATUS
HwaWritePci(PHWA_PCI_REQUEST Request)
{
    if (Request->Length > sizeof(Request->Data)) {
        return STATUS_INVALID_PARAMETER;
    }
    HalSetBusDataByOffset(PCIConfiguration, 0, Request->Slot, Request->Data, Request->Offset, Request->Length); // expected-error{{'HalSetBusDataByOffset' accesses PCI configuration space at a slot from a value read from the SystemBuffer without an allowlist}}
    return STATUS_SUCCESS;
}

//
// Case: configuration mechanism #1 by hand: the caller's address goes to
// port 0xCF8.
//
static NTSTATUS
HwaReadPciRaw(PHWA_PCI_REQUEST Request)
{
    ULONG address = 0x80000000 | (Request->Bus << 16) | (Request->Slot << 11) | (Request->Offset & 0xFC);

    __outdword(PCI_CONFIG_ADDRESS, address); // expected-error{{'__outdword' writes a PCI configuration address from a value read from the SystemBuffer to port 0xCF8 without an allowlist}}
    *(PULONG)Request->Data = __indword(PCI_CONFIG_DATA);
    return STATUS_SUCCESS;
}

NTSTATUS
HwaDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    ULONG inLength = irpSp->Parameters.DeviceIoControl.InputBufferLength;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Information = 0;
    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_HWA_READ_PORT:
    case IOCTL_HWA_WRITE_PORT:
    case IOCTL_HWA_WRITE_PORT_SAFE:
        if (inLength < sizeof(HWA_PORT_REQUEST) ||
            irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(HWA_PORT_REQUEST)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else if (irpSp->Parameters.DeviceIoControl.IoControlCode == IOCTL_HWA_READ_PORT) {
            status = HwaReadPort(Irp->AssociatedIrp.SystemBuffer);
        } else if (irpSp->Parameters.DeviceIoControl.IoControlCode == IOCTL_HWA_WRITE_PORT) {
            status = HwaWritePort(Irp->AssociatedIrp.SystemBuffer);
        } else {
            status = HwaWritePortSafe(Irp->AssociatedIrp.SystemBuffer);
        }
        break;
    case IOCTL_HWA_READ_PCI:
    case IOCTL_HWA_WRITE_PCI:
    case IOCTL_HWA_READ_PCI_RAW:
        if (inLength < sizeof(HWA_PCI_REQUEST) ||
            irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(HWA_PCI_REQUEST)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else if (irpSp->Parameters.DeviceIoControl.IoControlCode == IOCTL_HWA_READ_PCI) {
            status = HwaReadPci(Irp->AssociatedIrp.SystemBuffer, &Irp->IoStatus.Information);
        } else if (irpSp->Parameters.DeviceIoControl.IoControlCode == IOCTL_HWA_WRITE_PCI) {
            status = HwaWritePci(Irp->AssociatedIrp.SystemBuffer);
        } else {
            status = HwaReadPciRaw(Irp->AssociatedIrp.SystemBuffer);
        }
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
