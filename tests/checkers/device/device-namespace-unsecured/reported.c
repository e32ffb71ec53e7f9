// drvcert-test: rules=device-namespace-unsecured
//
// Named device objects created without FILE_DEVICE_SECURE_OPEN, in a legacy
// driver that exposes a control device and a set of virtual serial ports.
// Its IRP_MJ_CREATE handler accepts every open, whatever follows the device
// name, so none of the devices below is protected (compare
// create-handler-mitigation.c).

#include <ntddk.h>
#include <ntstrsafe.h>
#include <wdmsec.h>
#include <initguid.h>

DEFINE_GUID(GUID_DEVCLASS_VSP_CONTROL,
            0x6a4be2c1, 0x3f0d, 0x4c8e, 0x9b, 0x52, 0x1d, 0x7e, 0x40, 0xa3, 0x85, 0x21);

#define VSP_TAG 'pssV'
#define VSP_MAX_PORTS 4

// The characteristics the driver has always used for its ports.
#define VSP_PORT_CHARACTERISTICS 0

#define IOCTL_VSP_CREATE_PORT \
    CTL_CODE(FILE_DEVICE_SERIAL_PORT, 0x800, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _VSP_PORT_EXTENSION {
    ULONG Index;
    BOOLEAN IsPort;
    WCHAR NameBuffer[32];
    UNICODE_STRING Name;
} VSP_PORT_EXTENSION, *PVSP_PORT_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VspUnload;
DRIVER_DISPATCH VspCreate;
DRIVER_DISPATCH VspClose;
DRIVER_DISPATCH VspDeviceControl;

DECLARE_CONST_UNICODE_STRING(VspDiagName, L"\\Device\\VspDiagnostics");
DECLARE_CONST_UNICODE_STRING(VspDiagLink, L"\\DosDevices\\VspDiagnostics");

static PDEVICE_OBJECT VspPorts[VSP_MAX_PORTS];

//
// Case: a port device named by its caller, created with the driver's port
// characteristics (0).
//
static NTSTATUS
VspCreatePortDevice(PDRIVER_OBJECT DriverObject, PUNICODE_STRING Name, PDEVICE_OBJECT *Port)
{
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(VSP_PORT_EXTENSION), Name, // expected-error{{'IoCreateDevice' creates a named device without FILE_DEVICE_SECURE_OPEN}}
                            FILE_DEVICE_SERIAL_PORT, VSP_PORT_CHARACTERISTICS, TRUE, Port);
    if (NT_SUCCESS(status)) {
        (*Port)->Flags |= DO_BUFFERED_IO;
        (*Port)->Flags &= ~DO_DEVICE_INITIALIZING;
    }
    return status;
}

//
// Case: ports are created on request, each under a formatted name.
//
static NTSTATUS
VspAddPort(PDRIVER_OBJECT DriverObject, ULONG Index)
{
    PDEVICE_OBJECT port;
    PVSP_PORT_EXTENSION ext;
    WCHAR nameBuffer[32];
    UNICODE_STRING name;
    NTSTATUS status;

    if (Index >= VSP_MAX_PORTS || VspPorts[Index] != NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    status = RtlStringCbPrintfW(nameBuffer, sizeof(nameBuffer), L"\\Device\\VSerial%lu", Index);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlInitUnicodeString(&name, nameBuffer);

    status = VspCreatePortDevice(DriverObject, &name, &port); // no-warning
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = port->DeviceExtension;
    ext->Index = Index;
    ext->IsPort = TRUE;
    VspPorts[Index] = port;
    return STATUS_SUCCESS;
}

//
// Case: the documented IoCreateDeviceSecure (the wdmsec.h macro for
// WdmlibIoCreateDeviceSecure): the SDDL string protects the device name
// itself, not the names below it.
//
static NTSTATUS
VspCreateDiagnosticsDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT *Device)
{
    return IoCreateDeviceSecure(DriverObject, sizeof(VSP_PORT_EXTENSION), // expected-error{{'IoCreateDeviceSecure' creates a named device without FILE_DEVICE_SECURE_OPEN, so any caller can open a path below the device name and bypass its security descriptor; add FILE_DEVICE_SECURE_OPEN to DeviceCharacteristics}}
                                (PUNICODE_STRING)&VspDiagName, FILE_DEVICE_UNKNOWN, 0,
                                FALSE, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL,
                                &GUID_DEVCLASS_VSP_CONTROL, Device);
}

//
// Case: WdmlibIoCreateDeviceSecure called by its own name; the device type
// constant was passed where the characteristics belong.
//
static NTSTATUS
VspCreateTraceDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT *Device)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\VspTrace");

    // expected-error@+1{{'WdmlibIoCreateDeviceSecure' creates a named device without FILE_DEVICE_SECURE_OPEN, so any caller can open a path below the device name and bypass its security descriptor; add FILE_DEVICE_SECURE_OPEN to DeviceCharacteristics}}
    return WdmlibIoCreateDeviceSecure(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_UNKNOWN,
                                      FALSE, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R,
                                      &GUID_DEVCLASS_VSP_CONTROL, Device);
}

//
// Case: two named devices in one function; only the second has
// FILE_DEVICE_SECURE_OPEN added after creation, so only the first is
// reported.
//
static NTSTATUS
VspCreateLoopbackPair(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT *Near, PDEVICE_OBJECT *Far)
{
    UNICODE_STRING nearName = RTL_CONSTANT_STRING(L"\\Device\\VspLoopA");
    UNICODE_STRING farName = RTL_CONSTANT_STRING(L"\\Device\\VspLoopB");
    PDEVICE_OBJECT nearDevice;
    PDEVICE_OBJECT farDevice;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(VSP_PORT_EXTENSION), &nearName, FILE_DEVICE_SERIAL_PORT, 0, FALSE, &nearDevice); // expected-error{{'IoCreateDevice' creates a named device without FILE_DEVICE_SECURE_OPEN}}
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateDevice(DriverObject, sizeof(VSP_PORT_EXTENSION), &farName, FILE_DEVICE_SERIAL_PORT, 0, FALSE, &farDevice); // no-warning
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(nearDevice);
        return status;
    }
    farDevice->Characteristics |= FILE_DEVICE_SECURE_OPEN;

    nearDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    farDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    *Near = nearDevice;
    *Far = farDevice;
    return STATUS_SUCCESS;
}

//
// Case: the device name comes from the service's Parameters key.
//
static NTSTATUS
VspCreateConfiguredDevice(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath, PDEVICE_OBJECT *Device)
{
    RTL_QUERY_REGISTRY_TABLE query[2];
    WCHAR nameBuffer[64];
    UNICODE_STRING name;
    NTSTATUS status;

    name.Buffer = nameBuffer;
    name.Length = 0;
    name.MaximumLength = sizeof(nameBuffer);

    RtlZeroMemory(query, sizeof(query));
    query[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED | RTL_QUERY_REGISTRY_NOEXPAND;
    query[0].Name = L"ControlDeviceName";
    query[0].EntryContext = &name;

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, query, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, Device); // expected-error{{'IoCreateDevice' creates a named device without FILE_DEVICE_SECURE_OPEN}}
}

//
// Case: one monitor device per processor, created in a loop: one finding,
// at the one call.
//
static NTSTATUS
VspCreateProcessorMonitors(PDRIVER_OBJECT DriverObject)
{
    ULONG count = KeQueryActiveProcessorCount(NULL);
    ULONG i;
    WCHAR nameBuffer[40];
    UNICODE_STRING name;
    PDEVICE_OBJECT monitor;
    NTSTATUS status = STATUS_SUCCESS;

    for (i = 0; i < count && i < 64; i++) {
        status = RtlStringCbPrintfW(nameBuffer, sizeof(nameBuffer), L"\\Device\\VspCpu%lu", i);
        if (!NT_SUCCESS(status)) {
            break;
        }
        RtlInitUnicodeString(&name, nameBuffer);
        status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &monitor); // expected-error{{'IoCreateDevice' creates a named device without FILE_DEVICE_SECURE_OPEN}}
        if (!NT_SUCCESS(status)) {
            break;
        }
        monitor->Flags &= ~DO_DEVICE_INITIALIZING;
    }
    return status;
}

//
// Case: a driver macro around IoCreateDevice; the finding is on the line
// that invokes the macro.
//
#define VSP_CREATE_NAMED_DEVICE(Driver, Name, Device) \
    IoCreateDevice((Driver), 0, (Name), FILE_DEVICE_UNKNOWN, 0, FALSE, (Device))

static NTSTATUS
VspCreateEventDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT *Device)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\VspEvents");

    return VSP_CREATE_NAMED_DEVICE(DriverObject, &name, Device); // expected-error{{creates a named device without FILE_DEVICE_SECURE_OPEN, so any caller can open a path below the device name}}
}

NTSTATUS
VspCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    // Every open succeeds, \Device\VSerial0\anything included.
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = FILE_OPENED;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
VspClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
VspDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_VSP_CREATE_PORT:
        if (irpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = VspAddPort(DeviceObject->DriverObject, *(PULONG)Irp->AssociatedIrp.SystemBuffer);
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

VOID
VspUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(L"\\DosDevices\\VspControl");

    IoDeleteSymbolicLink((PUNICODE_STRING)&VspDiagLink);
    IoDeleteSymbolicLink(&linkName);
    while (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING deviceName = RTL_CONSTANT_STRING(L"\\Device\\VspControl");
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(L"\\DosDevices\\VspControl");
    PDEVICE_OBJECT controlDevice;
    PDEVICE_OBJECT diagDevice;
    PDEVICE_OBJECT traceDevice;
    PDEVICE_OBJECT loopNear;
    PDEVICE_OBJECT loopFar;
    PDEVICE_OBJECT configured;
    PDEVICE_OBJECT events;
    NTSTATUS status;

    // Case: the classic control device with 0 characteristics.
    status = IoCreateDevice(DriverObject, 0, &deviceName, FILE_DEVICE_UNKNOWN, 0, FALSE, &controlDevice); // expected-error{{'IoCreateDevice' creates a named device without FILE_DEVICE_SECURE_OPEN, so any caller can open a path below the device name and bypass its security descriptor; add FILE_DEVICE_SECURE_OPEN to DeviceCharacteristics}}
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink(&linkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(controlDevice);
        return status;
    }
    controlDevice->Flags |= DO_BUFFERED_IO;
    controlDevice->Flags &= ~DO_DEVICE_INITIALIZING;


    if (NT_SUCCESS(VspCreateDiagnosticsDevice(DriverObject, &diagDevice))) {
        IoCreateSymbolicLink((PUNICODE_STRING)&VspDiagLink, (PUNICODE_STRING)&VspDiagName);
        diagDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    }
    if (NT_SUCCESS(VspCreateTraceDevice(DriverObject, &traceDevice))) {
        traceDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    }
    VspCreateLoopbackPair(DriverObject, &loopNear, &loopFar);
    VspAddPort(DriverObject, 0);
    if (NT_SUCCESS(VspCreateConfiguredDevice(DriverObject, RegistryPath, &configured))) {
        configured->Flags &= ~DO_DEVICE_INITIALIZING;
    }
    if (NT_SUCCESS(VspCreateEventDevice(DriverObject, &events))) {
        events->Flags &= ~DO_DEVICE_INITIALIZING;
    }
    VspCreateProcessorMonitors(DriverObject);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = VspCreate;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = VspClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = VspDeviceControl;
    DriverObject->DriverUnload = VspUnload;
    return STATUS_SUCCESS;
}

//
// Case: no name, but FILE_AUTOGENERATED_DEVICE_NAME has the system name the
// device (\Device\00000123): its namespace is open like any named device's.
//
NTSTATUS
VspCreateAutoNamedDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT *Device)
{
    return IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, FILE_AUTOGENERATED_DEVICE_NAME, FALSE, Device); // expected-error{{'IoCreateDevice' creates a named device without FILE_DEVICE_SECURE_OPEN}}
}
