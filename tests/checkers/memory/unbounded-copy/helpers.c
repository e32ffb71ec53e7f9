// drvcert-test: rules=unbounded-copy
//
// A Bluetooth dongle driver whose IOCTL handlers call small helpers: a
// copy wrapper and setters defined in this file. The rule follows the
// caller's length into the helper and reports the copy on the helper's
// line, once, however many handlers reach it with an unchecked length; a
// helper reached only with checked lengths stays silent.

#include <ntddk.h>

#define BTH_NAME_BYTES 48
#define BTH_MAX_EIR 240

#define IOCTL_BTH_SET_LOCAL_NAME \
    CTL_CODE(FILE_DEVICE_BLUETOOTH, 0x900, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_BTH_SET_LOCAL_NAME_CHECKED \
    CTL_CODE(FILE_DEVICE_BLUETOOTH, 0x901, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_BTH_SET_EIR \
    CTL_CODE(FILE_DEVICE_BLUETOOTH, 0x902, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_BTH_SET_PIN \
    CTL_CODE(FILE_DEVICE_BLUETOOTH, 0x903, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_BTH_SET_PIN_CHECKED \
    CTL_CODE(FILE_DEVICE_BLUETOOTH, 0x904, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_BTH_SET_CLASS \
    CTL_CODE(FILE_DEVICE_BLUETOOTH, 0x905, METHOD_BUFFERED, FILE_WRITE_DATA)

typedef struct _BTH_TLV {
    UCHAR Type;
    UCHAR Reserved;
    USHORT Length;          // bytes of Value
    UCHAR Value[1];
} BTH_TLV, *PBTH_TLV;

typedef struct _BTH_EXTENSION {
    UCHAR LocalName[BTH_NAME_BYTES];
    ULONG LocalNameLength;
    UCHAR Eir[BTH_MAX_EIR];
    UCHAR Pin[16];
    ULONG PinLength;
    ULONG ClassOfDevice;
} BTH_EXTENSION, *PBTH_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD BthUnload;
DRIVER_DISPATCH BthCreateClose;
DRIVER_DISPATCH BthDeviceControl;

//
// The driver's copy wrapper. Reached with an unchecked length from
// BthSetPin and with a checked one from BthSetPinChecked: one finding,
// here.
//
static VOID
BthCopy(PVOID Destination, const VOID *Source, SIZE_T Length)
{
    RtlCopyMemory(Destination, Source, Length); // expected-error{{with no check on this path that it fits}}
}

//
// Stores the local name. Reached only from BthSetLocalName, unchecked.
//
static VOID
BthStoreLocalName(PBTH_EXTENSION Ext, const UCHAR *Name, ULONG Length)
{
    RtlZeroMemory(Ext->LocalName, sizeof(Ext->LocalName));
    RtlCopyMemory(Ext->LocalName, Name, Length); // expected-error{{with no check on this path that it fits}}
    Ext->LocalNameLength = Length;
}

//
// Stores the local name after checking it fits: reached from
// BthSetLocalNameChecked.
//
static NTSTATUS
BthStoreLocalNameChecked(PBTH_EXTENSION Ext, const UCHAR *Name, ULONG Length)
{
    if (Length > sizeof(Ext->LocalName)) {
        return STATUS_INVALID_PARAMETER;
    }
    RtlZeroMemory(Ext->LocalName, sizeof(Ext->LocalName));
    RtlCopyMemory(Ext->LocalName, Name, Length); // no-warning
    Ext->LocalNameLength = Length;
    return STATUS_SUCCESS;
}

static USHORT
BthTlvLength(const BTH_TLV *Tlv)
{
    return Tlv->Length;
}

static NTSTATUS
BthSetLocalName(PBTH_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;

    if (inLength == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    BthStoreLocalName(Ext, Irp->AssociatedIrp.SystemBuffer, inLength);
    return STATUS_SUCCESS;
}

static NTSTATUS
BthSetLocalNameChecked(PBTH_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    return BthStoreLocalNameChecked(Ext, Irp->AssociatedIrp.SystemBuffer,
                                    IrpSp->Parameters.DeviceIoControl.InputBufferLength);
}

//
// Case: the length comes back from a helper that reads it out of the
// request; the copy is here.
//
static NTSTATUS
BthSetEir(PBTH_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PBTH_TLV tlv = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    USHORT length;

    if (inLength < FIELD_OFFSET(BTH_TLV, Value)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    length = BthTlvLength(tlv);
    if (length > inLength - FIELD_OFFSET(BTH_TLV, Value)) {
        return STATUS_INVALID_PARAMETER;
    }
    RtlCopyMemory(Ext->Eir, tlv->Value, length); // expected-error{{with no check on this path that it fits}}
    return STATUS_SUCCESS;
}

static NTSTATUS
BthSetPin(PBTH_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;

    if (inLength < 4) {
        return STATUS_INVALID_PARAMETER;
    }
    BthCopy(Ext->Pin, Irp->AssociatedIrp.SystemBuffer, inLength);
    Ext->PinLength = inLength;
    return STATUS_SUCCESS;
}

static NTSTATUS
BthSetPinChecked(PBTH_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;

    if (inLength < 4 || inLength > sizeof(Ext->Pin)) {
        return STATUS_INVALID_PARAMETER;
    }
    BthCopy(Ext->Pin, Irp->AssociatedIrp.SystemBuffer, inLength); // no-warning
    Ext->PinLength = inLength;
    return STATUS_SUCCESS;
}

//
// Correct: the wrapper with a constant length.
//
static NTSTATUS
BthSetClass(PBTH_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    BthCopy(&Ext->ClassOfDevice, Irp->AssociatedIrp.SystemBuffer, sizeof(ULONG)); // no-warning
    return STATUS_SUCCESS;
}

NTSTATUS
BthDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PBTH_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_BTH_SET_LOCAL_NAME:
        status = BthSetLocalName(ext, Irp, irpSp);
        break;
    case IOCTL_BTH_SET_LOCAL_NAME_CHECKED:
        status = BthSetLocalNameChecked(ext, Irp, irpSp);
        break;
    case IOCTL_BTH_SET_EIR:
        status = BthSetEir(ext, Irp, irpSp);
        break;
    case IOCTL_BTH_SET_PIN:
        status = BthSetPin(ext, Irp, irpSp);
        break;
    case IOCTL_BTH_SET_PIN_CHECKED:
        status = BthSetPinChecked(ext, Irp, irpSp);
        break;
    case IOCTL_BTH_SET_CLASS:
        status = BthSetClass(ext, Irp, irpSp);
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
BthCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
BthUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ContosoBth");

    IoDeleteSymbolicLink(&link);
    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ContosoBth");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ContosoBth");
    PDEVICE_OBJECT deviceObject;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(BTH_EXTENSION), &name, FILE_DEVICE_BLUETOOTH,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(deviceObject->DeviceExtension, sizeof(BTH_EXTENSION));

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = BthCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BthCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = BthDeviceControl;
    DriverObject->DriverUnload = BthUnload;

    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
