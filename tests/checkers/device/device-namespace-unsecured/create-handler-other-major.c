// drvcert-test: rules=device-namespace-unsecured
//
// A file-name check that is NOT the mitigation: the driver reads
// FileObject->FileName.Length only in its IRP_MJ_CLEANUP handler (for a
// trace) and in a validation routine that nothing registers for
// IRP_MJ_CREATE. Its IRP_MJ_CREATE handler accepts every open, so both
// named devices created without FILE_DEVICE_SECURE_OPEN are reported.

#include <ntddk.h>

typedef struct _TAP_EXTENSION {
    LONG Opens;
    BOOLEAN IsAdmin;
} TAP_EXTENSION, *PTAP_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TapUnload;
DRIVER_DISPATCH TapCreate;
DRIVER_DISPATCH TapCleanup;
DRIVER_DISPATCH TapClose;
NTSTATUS TapValidateOpen(PIO_STACK_LOCATION IrpSp);

//
// Used by the driver's NDIS protocol part (another file) for its own
// bindings; never registered for IRP_MJ_CREATE, so its check protects
// nothing here.
//
NTSTATUS
TapValidateOpen(PIO_STACK_LOCATION IrpSp)
{
    if (IrpSp->FileObject->FileName.Length != 0) {
        return STATUS_ACCESS_DENIED;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
TapCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PTAP_EXTENSION ext = DeviceObject->DeviceExtension;

    InterlockedIncrement(&ext->Opens);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = FILE_OPENED;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
TapCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);

    UNREFERENCED_PARAMETER(DeviceObject);

    if (irpSp->FileObject->FileName.Length != 0) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "tap: cleanup of %wZ\n", &irpSp->FileObject->FileName);
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
TapClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PTAP_EXTENSION ext = DeviceObject->DeviceExtension;

    InterlockedDecrement(&ext->Opens);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
TapUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\PacketTap");

    IoDeleteSymbolicLink(&link);
    while (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

static NTSTATUS
TapCreateAdminDevice(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\PacketTapAdmin");
    PDEVICE_OBJECT device;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(TAP_EXTENSION), &name, FILE_DEVICE_NETWORK, 0, FALSE, &device); // expected-error{{'IoCreateDevice' creates a named device without FILE_DEVICE_SECURE_OPEN}}
    if (NT_SUCCESS(status)) {
        ((PTAP_EXTENSION)device->DeviceExtension)->IsAdmin = TRUE;
        device->Flags &= ~DO_DEVICE_INITIALIZING;
    }
    return status;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\PacketTap");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\PacketTap");
    PDEVICE_OBJECT device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(TAP_EXTENSION), &name, FILE_DEVICE_NETWORK, 0, FALSE, &device); // expected-error{{'IoCreateDevice' creates a named device without FILE_DEVICE_SECURE_OPEN, so any caller can open a path below the device name and bypass its security descriptor; add FILE_DEVICE_SECURE_OPEN to DeviceCharacteristics}}
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }
    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    TapCreateAdminDevice(DriverObject);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = TapCreate;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = TapCleanup;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TapClose;
    DriverObject->DriverUnload = TapUnload;
    return STATUS_SUCCESS;
}
