// drvcert-test: rules=ioctl-port-or-bus-io
//
// A super-I/O fan controller driver: it talks to its own index/data port
// pair, to the CMOS clock ports the tool displays, and to its own PCI
// function (bus and slot found at start), and checks every port, offset
// and index a request names first. Raw port access is for callers holding
// SeTcbPrivilege, and kernel-mode requestors are trusted.

#include <ntddk.h>

#define SIO_INDEX_PORT 0x2E
#define SIO_DATA_PORT 0x2F
#define CMOS_INDEX_PORT 0x70
#define CMOS_DATA_PORT 0x71
#define FAN_REGISTER_FIRST 0x20
#define FAN_REGISTER_LAST 0x2F

#define IOCTL_FAN_READ_REGISTER \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_FAN_READ_CMOS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_FAN_READ_CONFIG \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_FAN_RAW_PORT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x903, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_FAN_INTERNAL_PORT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x904, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _FAN_REQUEST {
    ULONG Port;     // or register, or configuration offset
    ULONG Value;
} FAN_REQUEST, *PFAN_REQUEST;

typedef struct _FAN_EXTENSION {
    ULONG BusNumber;  // from IoGetDeviceProperty at start
    ULONG SlotNumber;
} FAN_EXTENSION, *PFAN_EXTENSION;

DRIVER_DISPATCH FanDeviceControl;

// The fixed index/data pair; the register index is the allowlisted range.
static NTSTATUS
FanReadRegister(PFAN_REQUEST Request)
{
    if (Request->Port < FAN_REGISTER_FIRST || Request->Port > FAN_REGISTER_LAST) {
        return STATUS_INVALID_PARAMETER;
    }
    __outbyte(SIO_INDEX_PORT, (UCHAR)Request->Port);
    Request->Value = __inbyte(SIO_DATA_PORT);
    return STATUS_SUCCESS;
}

// Equality allowlist: the two CMOS ports.
static NTSTATUS
FanReadCmos(PFAN_REQUEST Request)
{
    if (Request->Port != CMOS_INDEX_PORT && Request->Port != CMOS_DATA_PORT) {
        return STATUS_ACCESS_DENIED;
    }
    Request->Value = READ_PORT_UCHAR((PUCHAR)(ULONG_PTR)Request->Port);
    return STATUS_SUCCESS;
}

// The driver's own PCI function; the offset is checked.
static NTSTATUS
FanReadConfig(PFAN_EXTENSION Ext, PFAN_REQUEST Request)
{
    ULONG value = 0;

    if (Request->Port > 0x100 - sizeof(ULONG)) {
        return STATUS_INVALID_PARAMETER;
    }
    HalGetBusDataByOffset(PCIConfiguration, Ext->BusNumber, Ext->SlotNumber, &value, Request->Port, sizeof(value));
    Request->Value = value;
    return STATUS_SUCCESS;
}

static NTSTATUS
FanRawPort(PIRP Irp, PFAN_REQUEST Request)
{
    if (!SeSinglePrivilegeCheck(RtlConvertLongToLuid(SE_TCB_PRIVILEGE), Irp->RequestorMode)) {
        return STATUS_PRIVILEGE_NOT_HELD;
    }
    __outbyte((USHORT)Request->Port, (UCHAR)Request->Value);
    return STATUS_SUCCESS;
}

static NTSTATUS
FanInternalPort(PIRP Irp, PFAN_REQUEST Request)
{
    if (Irp->RequestorMode != KernelMode) {
        return STATUS_ACCESS_DENIED;
    }
    Request->Value = __indword((USHORT)Request->Port);
    return STATUS_SUCCESS;
}

NTSTATUS
FanDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFAN_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PFAN_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status;

    Irp->IoStatus.Information = 0;
    if (irpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(FAN_REQUEST) ||
        irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(FAN_REQUEST)) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
        case IOCTL_FAN_READ_REGISTER:
            status = FanReadRegister(request);
            break;
        case IOCTL_FAN_READ_CMOS:
            status = FanReadCmos(request);
            break;
        case IOCTL_FAN_READ_CONFIG:
            status = FanReadConfig(ext, request);
            break;
        case IOCTL_FAN_RAW_PORT:
            status = FanRawPort(Irp, request);
            break;
        case IOCTL_FAN_INTERNAL_PORT:
            status = FanInternalPort(Irp, request);
            break;
        default:
            status = STATUS_INVALID_DEVICE_REQUEST;
            break;
        }
        if (NT_SUCCESS(status)) {
            Irp->IoStatus.Information = sizeof(FAN_REQUEST);
        }
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
