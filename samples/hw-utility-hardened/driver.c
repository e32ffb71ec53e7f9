/*
 * driver.c - Contoso Hardware Utility driver (hardened): DriverEntry and
 * DriverUnload.
 *
 * The control device is created with an SDDL that grants access to SYSTEM
 * and Administrators only, and with FILE_DEVICE_SECURE_OPEN so that names
 * below \Device\CtsHwUtil get the same check. HwUtil.exe runs elevated.
 */
#include "hwutil.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, CtsHwUnload)
#endif

/* {6F1C3C57-2B0A-4E86-9D4F-8E2C1B7A5D11}: the device's own class. */
static const GUID CtsHwDeviceClassGuid = {
    0x6f1c3c57, 0x2b0a, 0x4e86, {0x9d, 0x4f, 0x8e, 0x2c, 0x1b, 0x7a, 0x5d, 0x11}};

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING deviceName = RTL_CONSTANT_STRING(CTSHW_NT_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(CTSHW_DOS_DEVICE_NAME);
    UNICODE_STRING sddl = RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)(A;;GA;;;BA)");
    PDEVICE_OBJECT deviceObject = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = CtsHwDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CtsHwDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = CtsHwDispatchDeviceControl;
    DriverObject->DriverUnload = CtsHwUnload;

    status = WdmlibIoCreateDeviceSecure(DriverObject, 0, &deviceName, CTSHW_DEVICE_TYPE,
                                        FILE_DEVICE_SECURE_OPEN, FALSE, &sddl,
                                        &CtsHwDeviceClassGuid, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink(&linkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }
    deviceObject->Flags |= DO_BUFFERED_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
CtsHwUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(CTSHW_DOS_DEVICE_NAME);

    IoDeleteSymbolicLink(&linkName);
    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}
