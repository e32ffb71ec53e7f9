// drvcert-test: rules=device-sddl-permissive
//
// Descriptors that keep write access to SYSTEM and administrators, the
// idioms the driver security checklist recommends: nothing is reported.

#include <ntddk.h>
#include <wdmsec.h>

static const GUID GUID_DEVCLASS_CONTOSO_TOOLS =
    {0x7a51e0c3, 0x2f68, 0x4d1b, {0xa9, 0x0e, 0x51, 0x3c, 0x88, 0x21, 0x6d, 0x04}};

typedef struct _TOOL_GLOBALS {
    PDEVICE_OBJECT Admin;
    PDEVICE_OBJECT Reader;
    PDEVICE_OBJECT Custom;
    PDEVICE_OBJECT Denied;
    PDEVICE_OBJECT Configured;
    PDEVICE_OBJECT Kernel;
} TOOL_GLOBALS;

static TOOL_GLOBALS ToolGlobals;

DRIVER_INITIALIZE DriverEntry;

// SYSTEM and administrators only.
static NTSTATUS
ToolCreateAdminDevice(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ToolAdmin");

    return IoCreateDeviceSecure(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE,
                                &SDDL_DEVOBJ_SYS_ALL_ADM_ALL,
                                &GUID_DEVCLASS_CONTOSO_TOOLS, &ToolGlobals.Admin);
}

// Everyone may read (FILE_READ_ACCESS IOCTLs); only administrators write.
static NTSTATUS
ToolCreateReaderDevice(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ToolReader");

    return IoCreateDeviceSecure(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE,
                                &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R,
                                &GUID_DEVCLASS_CONTOSO_TOOLS, &ToolGlobals.Reader);
}

// A literal: users read and execute, local and network service read.
static NTSTATUS
ToolCreateCustomDevice(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ToolCustom");
    UNICODE_STRING sddl =
        RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GRGX;;;BU)(A;;GR;;;LS)(A;;GR;;;NS)");

    return IoCreateDeviceSecure(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &sddl,
                                &GUID_DEVCLASS_CONTOSO_TOOLS, &ToolGlobals.Custom);
}

// An inherit-only grant to everyone does not apply to the device itself,
// and the read-only grant to users is harmless.
static NTSTATUS
ToolCreateDeniedDevice(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ToolDenied");
    UNICODE_STRING sddl =
        RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;OICIIO;GA;;;WD)(A;;0x120089;;;AU)");

    return IoCreateDeviceSecure(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &sddl,
                                &GUID_DEVCLASS_CONTOSO_TOOLS, &ToolGlobals.Denied);
}

// The SDDL comes from the registry: not a constant, nothing to grade.
static NTSTATUS
ToolCreateConfiguredDevice(PDRIVER_OBJECT DriverObject, PUNICODE_STRING Sddl)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ToolConfigured");

    return IoCreateDeviceSecure(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, Sddl,
                                &GUID_DEVCLASS_CONTOSO_TOOLS, &ToolGlobals.Configured);
}

// Kernel-only: the empty DACL of SDDL_DEVOBJ_KERNEL_ONLY.
static NTSTATUS
ToolCreateKernelDevice(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ToolKernel");

    return IoCreateDeviceSecure(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE,
                                &SDDL_DEVOBJ_KERNEL_ONLY,
                                &GUID_DEVCLASS_CONTOSO_TOOLS, &ToolGlobals.Kernel);
}

// A DACL that is present and built: not a NULL DACL.
static NTSTATUS
ToolSecureSection(PSECURITY_DESCRIPTOR Sd, PACL Dacl)
{
    return RtlSetDaclSecurityDescriptor(Sd, TRUE, Dacl, FALSE);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    status = ToolCreateAdminDevice(DriverObject);
    if (NT_SUCCESS(status))
        status = ToolCreateReaderDevice(DriverObject);
    if (NT_SUCCESS(status))
        status = ToolCreateCustomDevice(DriverObject);
    if (NT_SUCCESS(status))
        status = ToolCreateDeniedDevice(DriverObject);
    if (NT_SUCCESS(status))
        status = ToolCreateConfiguredDevice(DriverObject, RegistryPath);
    if (NT_SUCCESS(status))
        status = ToolCreateKernelDevice(DriverObject);
    if (NT_SUCCESS(status))
        status = ToolSecureSection(NULL, NULL);
    return status;
}
