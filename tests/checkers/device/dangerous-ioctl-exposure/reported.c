// drvcert-test: rules=user-pointer-unprobed,dangerous-ioctl-exposure
// drvcert-test-primitive-rules: user-pointer-unprobed
//
// dangerous-ioctl-exposure summarizes, per device and IOCTL, the findings
// of the primitive families (ioctl-physmem-map, ioctl-msr-access, ...)
// that a non-administrator reaches. Those rules land on other branches, so
// this test lets user-pointer-unprobed stand in for one (the line above);
// the findings and the summary are what the real rules will produce.
//
// The driver is the typical vulnerable "hardware utility": a device created
// with IoCreateDevice and no security descriptor, a symbolic link, and
// FILE_ANY_ACCESS IOCTLs handing over kernel primitives.

#include <ntddk.h>

#define IOCTL_HWU_WRITE_REGISTER \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_HWU_READ_REGISTER \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_NEITHER, FILE_ANY_ACCESS)

typedef struct _HWU_REGISTER {
    ULONG Index;
    ULONG64 Value;
} HWU_REGISTER, *PHWU_REGISTER;

typedef struct _HWU_EXTENSION {
    ULONG64 Shadow[16];
    ULONG LastIndex;
} HWU_EXTENSION, *PHWU_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH HwuDeviceControl;

static NTSTATUS
HwuWriteRegister(PHWU_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PHWU_REGISTER reg = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    __try {
        Ext->LastIndex = reg->Index; // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

static NTSTATUS
HwuReadRegister(PHWU_EXTENSION Ext, PIRP Irp)
{
    PULONG64 out = Irp->UserBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    __try {
        *out = Ext->Shadow[0]; // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

NTSTATUS
HwuDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PHWU_EXTENSION ext = DeviceObject->DeviceExtension;
    NTSTATUS status;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_HWU_WRITE_REGISTER:
        status = HwuWriteRegister(ext, irpSp);
        break;
    case IOCTL_HWU_READ_REGISTER:
        status = HwuReadRegister(ext, Irp);
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
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\HwUtil");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\HwUtil");
    PDEVICE_OBJECT device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    // One summary per IOCTL, at the device creation:
    // expected-error@+6{{ioctl 0x00222003 (FILE_ANY_ACCESS) reaches a kernel primitive (user-pointer-unprobed) and everyone can send it, so any such caller can take over the kernel; create the device with an SDDL that grants access only to SYSTEM and administrators, or check a privilege on the path before the primitive}}
    // expected-error@+5{{ioctl 0x00222007 (FILE_ANY_ACCESS) reaches a kernel primitive (user-pointer-unprobed) and everyone can send it}}
    // expected-property@+4{{exposure=everyone}}
    // expected-related@+3{{line 41: [user-pointer-unprobed] user-mode address from Type3InputBuffer}}
    // expected-related@+2{{device '\Device\HwUtil' created here without a security descriptor: everyone can open it}}
    // expected-property@+1{{sinks=user-pointer-unprobed@55}}
    status = IoCreateDevice(DriverObject, sizeof(HWU_EXTENSION), &name,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = HwuDeviceControl;
    return STATUS_SUCCESS;
}
