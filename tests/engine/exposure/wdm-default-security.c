// drvcert-test: rules=user-pointer-unprobed,unbounded-copy
//
// Exposure of findings in a WDM "fan control" utility driver: the device is
// created with IoCreateDevice and no security descriptor, named and given a
// symbolic link, so the I/O manager's default descriptor lets everyone
// open it. The findings below are graded by who reaches them: everyone
// through the device, administrators behind a privilege check, kernel-mode
// callers only behind a RequestorMode test.

#include <ntddk.h>

#define FAN_TAG 'naFX'
#define FAN_CURVE_POINTS 8

#define IOCTL_FAN_SET_DUTY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_FAN_LOAD_CURVE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_FAN_LOAD_FIRMWARE_TABLE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _FAN_DUTY {
    ULONG Fan;
    ULONG Percent;
} FAN_DUTY, *PFAN_DUTY;

typedef struct _FAN_EXTENSION {
    ULONG Duty[4];
    UCHAR Curve[FAN_CURVE_POINTS * 2];
    UCHAR FirmwareTable[64];
} FAN_EXTENSION, *PFAN_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH FanCreateClose;
DRIVER_DISPATCH FanDeviceControl;
DRIVER_UNLOAD FanUnload;

static NTSTATUS
FanSetDuty(PFAN_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PFAN_DUTY userDuty = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    __try {
        // expected-property@+2{{exposure=everyone}}
        // expected-related@+1{{line 143: device '\Device\FanCtl' created here without a security descriptor: everyone can open it}}
        Ext->Duty[0] = userDuty->Percent; // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

// Loading a curve is reserved to callers holding SeLoadDriverPrivilege
// (administrators): the copy is still unbounded, but only administrators
// reach it.
static NTSTATUS
FanLoadCurve(PFAN_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    LUID loadDriver = RtlConvertLongToLuid(SE_LOAD_DRIVER_PRIVILEGE);

    if (!SeSinglePrivilegeCheck(loadDriver, Irp->RequestorMode)) {
        return STATUS_PRIVILEGE_NOT_HELD;
    }
    // expected-property@+2{{exposure=administrators}}
    // expected-related@+1{{the path checks SeSinglePrivilegeCheck(SeLoadDriverPrivilege), so only administrators reach it}}
    RtlCopyMemory(Ext->Curve, Irp->AssociatedIrp.SystemBuffer, inLength); // expected-error{{with no check on this path that it fits}}
    return STATUS_SUCCESS;
}

// The firmware table comes from the ACPI filter below this driver, which
// sends it from kernel mode.
static NTSTATUS
FanLoadFirmwareTable(PFAN_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;

    if (Irp->RequestorMode != KernelMode) {
        return STATUS_ACCESS_DENIED;
    }
    RtlCopyMemory(Ext->FirmwareTable, Irp->AssociatedIrp.SystemBuffer, inLength); // expected-error{{with no check on this path that it fits}} expected-property{{exposure=kernel-only}}
    return STATUS_SUCCESS;
}

NTSTATUS
FanDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PFAN_EXTENSION ext = DeviceObject->DeviceExtension;
    NTSTATUS status;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_FAN_SET_DUTY:
        status = FanSetDuty(ext, irpSp);
        break;
    case IOCTL_FAN_LOAD_CURVE:
        status = FanLoadCurve(ext, Irp, irpSp);
        break;
    case IOCTL_FAN_LOAD_FIRMWARE_TABLE:
        status = FanLoadFirmwareTable(ext, Irp, irpSp);
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
FanCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
FanUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\FanCtl");

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name;
    UNICODE_STRING link;
    PDEVICE_OBJECT device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    RtlInitUnicodeString(&name, L"\\Device\\FanCtl");
    RtlInitUnicodeString(&link, L"\\DosDevices\\FanCtl");
    status = IoCreateDevice(DriverObject, sizeof(FAN_EXTENSION), &name,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FanCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FanCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = FanDeviceControl;
    DriverObject->DriverUnload = FanUnload;
    return STATUS_SUCCESS;
}
