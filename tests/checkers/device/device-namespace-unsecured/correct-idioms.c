// drvcert-test: rules=device-namespace-unsecured
//
// Device creation that must stay silent: named devices with
// FILE_DEVICE_SECURE_OPEN (alone, OR'ed with other characteristics, through
// a macro, through IoCreateDeviceSecure and WdmlibIoCreateDeviceSecure, or
// added to the device object right after creation), unnamed devices (filter
// device objects, a worker device), and characteristics that are not a
// compile-time constant (copied from the device being filtered, or passed in
// by the caller). The rule does not guess those. No expectations: the rule
// must report nothing here. The IRP_MJ_CREATE handler does not inspect the
// file name: only the flag protects these devices.

#include <ntddk.h>
#include <wdmsec.h>
#include <initguid.h>

DEFINE_GUID(GUID_DEVCLASS_KBF_CONTROL,
            0x2f9c6a04, 0x71b3, 0x4d2e, 0xa5, 0x18, 0x6c, 0x0e, 0x93, 0x4d, 0x27, 0xb1);

#define KBF_TAG 'fbKX'
#define KBF_CONTROL_CHARACTERISTICS (FILE_DEVICE_SECURE_OPEN)

typedef struct _KBF_EXTENSION {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT LowerDevice;
    BOOLEAN IsControl;
    IO_REMOVE_LOCK RemoveLock;
} KBF_EXTENSION, *PKBF_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KbfUnload;
DRIVER_DISPATCH KbfDispatchPassThrough;
DRIVER_DISPATCH KbfCreateClose;
DRIVER_ADD_DEVICE KbfAddDevice;

static PDEVICE_OBJECT KbfControlDevice;
static PDEVICE_OBJECT KbfWorkerDevice;

//
// Silent: an unnamed filter device object. Its characteristics are copied
// from the device it attaches to, as filters must.
//
NTSTATUS
KbfAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject)
{
    PDEVICE_OBJECT filter;
    PKBF_EXTENSION ext;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(KBF_EXTENSION), NULL, FILE_DEVICE_KEYBOARD, 0, FALSE, &filter); // no-warning
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = filter->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = filter;
    IoInitializeRemoveLock(&ext->RemoveLock, KBF_TAG, 0, 0);

    ext->LowerDevice = IoAttachDeviceToDeviceStack(filter, PhysicalDeviceObject);
    if (ext->LowerDevice == NULL) {
        IoDeleteDevice(filter);
        return STATUS_NO_SUCH_DEVICE;
    }
    filter->Characteristics |= ext->LowerDevice->Characteristics & FILE_DEVICE_SECURE_OPEN;
    filter->Flags |= ext->LowerDevice->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    filter->DeviceType = ext->LowerDevice->DeviceType;
    filter->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

//
// Silent: a named device whose characteristics are those of the device it
// shadows: not a compile-time constant.
//
static NTSTATUS
KbfCreateShadowDevice(PDRIVER_OBJECT DriverObject, PUNICODE_STRING ShadowName, PDEVICE_OBJECT Target, PDEVICE_OBJECT *Shadow)
{
    return IoCreateDevice(DriverObject, sizeof(KBF_EXTENSION), ShadowName, Target->DeviceType, // no-warning
                          Target->Characteristics, FALSE, Shadow);
}

//
// Silent: a library routine whose caller supplies the characteristics.
//
static NTSTATUS
KbfCreateNamedDevice(PDRIVER_OBJECT DriverObject, PUNICODE_STRING Name, ULONG Characteristics, PDEVICE_OBJECT *Device)
{
    return IoCreateDevice(DriverObject, sizeof(KBF_EXTENSION), Name, FILE_DEVICE_UNKNOWN, Characteristics, FALSE, Device); // no-warning
}

//
// Silent: an unnamed device object that only carries IoAllocateWorkItem
// work items.
//
static NTSTATUS
KbfCreateWorkerDevice(PDRIVER_OBJECT DriverObject)
{
    return IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &KbfWorkerDevice); // no-warning
}

//
// Silent: the control device is created with FILE_DEVICE_SECURE_OPEN
// through IoCreateDeviceSecure, with a restrictive SDDL string.
//
static NTSTATUS
KbfCreateControlDevice(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\KbFilterControl");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\KbFilterControl");
    PKBF_EXTENSION ext;
    NTSTATUS status;

    status = IoCreateDeviceSecure(DriverObject, sizeof(KBF_EXTENSION), &name, FILE_DEVICE_UNKNOWN, // no-warning
                                  FILE_DEVICE_SECURE_OPEN, FALSE, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL,
                                  &GUID_DEVCLASS_KBF_CONTROL, &KbfControlDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = KbfControlDevice->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->IsControl = TRUE;

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(KbfControlDevice);
        KbfControlDevice = NULL;
        return status;
    }
    KbfControlDevice->Flags |= DO_BUFFERED_IO;
    KbfControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

//
// Silent: WdmlibIoCreateDeviceSecure by its own name, with the flag OR'ed
// with another characteristic; and IoCreateDevice with the flag from a
// driver macro.
//
static NTSTATUS
KbfCreateStatisticsDevices(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING statsName = RTL_CONSTANT_STRING(L"\\Device\\KbFilterStats");
    UNICODE_STRING eventsName = RTL_CONSTANT_STRING(L"\\Device\\KbFilterEvents");
    PDEVICE_OBJECT stats;
    PDEVICE_OBJECT events;
    NTSTATUS status;

    status = WdmlibIoCreateDeviceSecure(DriverObject, sizeof(KBF_EXTENSION), &statsName, FILE_DEVICE_UNKNOWN, // no-warning
                                        FILE_DEVICE_SECURE_OPEN | FILE_READ_ONLY_DEVICE, FALSE,
                                        &SDDL_DEVOBJ_SYS_ALL_ADM_RX, &GUID_DEVCLASS_KBF_CONTROL, &stats);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ((PKBF_EXTENSION)stats->DeviceExtension)->IsControl = TRUE;
    stats->Flags &= ~DO_DEVICE_INITIALIZING;

    status = IoCreateDevice(DriverObject, sizeof(KBF_EXTENSION), &eventsName, FILE_DEVICE_UNKNOWN, KBF_CONTROL_CHARACTERISTICS, TRUE, &events); // no-warning
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(stats);
        return status;
    }
    ((PKBF_EXTENSION)events->DeviceExtension)->IsControl = TRUE;
    events->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

//
// Silent: created with 0, and FILE_DEVICE_SECURE_OPEN added to the new
// device object in the same function, before it is made visible.
//
static NTSTATUS
KbfCreateDiagnosticsDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT *Device)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\KbFilterDiag");
    PDEVICE_OBJECT diag;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(KBF_EXTENSION), &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &diag); // no-warning
    if (!NT_SUCCESS(status)) {
        return status;
    }
    diag->Characteristics |= FILE_DEVICE_SECURE_OPEN;
    ((PKBF_EXTENSION)diag->DeviceExtension)->IsControl = TRUE;
    diag->Flags &= ~DO_DEVICE_INITIALIZING;
    *Device = diag;
    return STATUS_SUCCESS;
}

NTSTATUS
KbfCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKBF_EXTENSION ext = DeviceObject->DeviceExtension;

    if (!ext->IsControl) {
        return KbfDispatchPassThrough(DeviceObject, Irp);
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
KbfDispatchPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKBF_EXTENSION ext = DeviceObject->DeviceExtension;
    NTSTATUS status;

    if (ext->IsControl || ext->LowerDevice == NULL) {
        Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->LowerDevice, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

VOID
KbfUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\KbFilterControl");

    if (KbfControlDevice != NULL) {
        IoDeleteSymbolicLink(&link);
    }
    while (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING keyboardName = RTL_CONSTANT_STRING(L"\\Device\\KeyboardClass0");
    UNICODE_STRING shadowName = RTL_CONSTANT_STRING(L"\\Device\\KbFilterShadow0");
    UNICODE_STRING auxName = RTL_CONSTANT_STRING(L"\\Device\\KbFilterAux");
    PFILE_OBJECT keyboardFile;
    PDEVICE_OBJECT keyboardDevice;
    PDEVICE_OBJECT shadow;
    PDEVICE_OBJECT aux;
    PDEVICE_OBJECT diag;
    ULONG i;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KbfDispatchPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = KbfCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = KbfCreateClose;
    DriverObject->DriverExtension->AddDevice = KbfAddDevice;
    DriverObject->DriverUnload = KbfUnload;

    status = KbfCreateControlDevice(DriverObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    KbfCreateStatisticsDevices(DriverObject);
    KbfCreateWorkerDevice(DriverObject);
    if (NT_SUCCESS(KbfCreateDiagnosticsDevice(DriverObject, &diag))) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "kbf: diagnostics device %p\n", diag);
    }

    status = IoGetDeviceObjectPointer(&keyboardName, FILE_READ_ATTRIBUTES, &keyboardFile, &keyboardDevice);
    if (NT_SUCCESS(status)) {
        if (NT_SUCCESS(KbfCreateShadowDevice(DriverObject, &shadowName, keyboardDevice, &shadow))) {
            shadow->Flags &= ~DO_DEVICE_INITIALIZING;
        }
        ObDereferenceObject(keyboardFile);
    }

    if (NT_SUCCESS(KbfCreateNamedDevice(DriverObject, &auxName, FILE_DEVICE_SECURE_OPEN, &aux))) {
        aux->Flags &= ~DO_DEVICE_INITIALIZING;
    }
    return STATUS_SUCCESS;
}

//
// Silent: an autogenerated name, secured.
//
NTSTATUS
VspCreateAutoNamedSecureDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT *Device)
{
    return IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN,
                          FILE_AUTOGENERATED_DEVICE_NAME | FILE_DEVICE_SECURE_OPEN, FALSE, Device); // no-warning
}
