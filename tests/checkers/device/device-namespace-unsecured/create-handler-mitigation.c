// drvcert-test: rules=device-namespace-unsecured
//
// The documented alternative to FILE_DEVICE_SECURE_OPEN: the driver's
// IRP_MJ_CREATE handler fails every open whose file name is not empty
// (IrpSp->FileObject->FileName.Length != 0), so no path below the device
// name can be opened. The rule then reports none of the named devices this
// translation unit creates without the flag. No expectations: the rule must
// report nothing here.
//
// This case has its own file because the mitigation silences the whole
// translation unit.

#include <ntddk.h>
#include <wdmsec.h>
#include <initguid.h>

DEFINE_GUID(GUID_DEVCLASS_PMON_CONTROL,
            0x0e5a3c77, 0x5b21, 0x4a7c, 0x8f, 0x3d, 0x29, 0x61, 0xc4, 0x0b, 0x7a, 0x52);

#define PMON_TAG 'noMP'

#define IOCTL_PMON_GET_COUNTERS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_READ_DATA)

typedef struct _PMON_COUNTERS {
    ULONG64 Opens;
    ULONG64 Requests;
} PMON_COUNTERS, *PPMON_COUNTERS;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PmonUnload;
DRIVER_DISPATCH PmonCreate;
DRIVER_DISPATCH PmonClose;
DRIVER_DISPATCH PmonDeviceControl;

static PMON_COUNTERS PmonCounters;

//
// The IRP_MJ_CREATE handler: opens of "\Device\PerfMonitor\anything" are
// refused.
//
NTSTATUS
PmonCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (irpSp->FileObject->FileName.Length != 0) {
        status = STATUS_ACCESS_DENIED;
    } else {
        InterlockedIncrement64((volatile LONG64 *)&PmonCounters.Opens);
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
PmonClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
PmonDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Information = 0;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PMON_GET_COUNTERS:
        if (irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PMON_COUNTERS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        InterlockedIncrement64((volatile LONG64 *)&PmonCounters.Requests);
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &PmonCounters, sizeof(PMON_COUNTERS));
        Irp->IoStatus.Information = sizeof(PMON_COUNTERS);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
PmonUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\PerfMonitor");

    IoDeleteSymbolicLink(&link);
    while (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\PerfMonitor");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\PerfMonitor");
    UNICODE_STRING adminName = RTL_CONSTANT_STRING(L"\\Device\\PerfMonitorAdmin");
    PDEVICE_OBJECT deviceObject;
    PDEVICE_OBJECT adminDevice;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    // Silent: named, characteristics 0, protected by PmonCreate.
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &deviceObject); // no-warning
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }
    deviceObject->Flags |= DO_BUFFERED_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    // Silent: the same driver's second device, created with the SDDL
    // routine, shares the same IRP_MJ_CREATE handler.
    status = IoCreateDeviceSecure(DriverObject, 0, &adminName, FILE_DEVICE_UNKNOWN, 0, FALSE, // no-warning
                                  &SDDL_DEVOBJ_SYS_ALL_ADM_ALL, &GUID_DEVCLASS_PMON_CONTROL,
                                  &adminDevice);
    if (NT_SUCCESS(status)) {
        adminDevice->Flags |= DO_BUFFERED_IO;
        adminDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PmonCreate;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PmonClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PmonDeviceControl;
    DriverObject->DriverUnload = PmonUnload;
    return STATUS_SUCCESS;
}
