// drvcert-test: rules=user-pointer-unprobed
//
// Exposure through a KMDF control device: a non-PnP "macro keyboard"
// driver creates its control device with WdfControlDeviceInitAllocate and
// an SDDL that lets built-in users read and write (besides SYSTEM and
// administrators), names it, links it, and serves IOCTLs from the default
// queue. Any authenticated user reaches the unprobed pointer below.

#include <ntddk.h>
#include <wdf.h>

#define IOCTL_MACRO_SET_SCRIPT \
    CTL_CODE(FILE_DEVICE_KEYBOARD, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _MACRO_SCRIPT_REQUEST {
    PUCHAR Script;   // stays in the caller's memory
    ULONG Length;
    ULONG Slot;
} MACRO_SCRIPT_REQUEST, *PMACRO_SCRIPT_REQUEST;

typedef struct _MACRO_CONTEXT {
    UCHAR Script[128];
} MACRO_CONTEXT, *PMACRO_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(MACRO_CONTEXT, MacroGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL MacroEvtIoDeviceControl;

// Built-in users get read and write; SYSTEM and administrators all.
DECLARE_CONST_UNICODE_STRING(MacroSddl, L"D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;GRGW;;;BU)");

static NTSTATUS
MacroSetScript(PMACRO_CONTEXT Ctx, WDFREQUEST Request)
{
    PMACRO_SCRIPT_REQUEST request;
    NTSTATUS status;

    status = WdfRequestRetrieveInputBuffer(Request, sizeof(MACRO_SCRIPT_REQUEST),
                                           (PVOID *)&request, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    __try {
        // expected-property@+2{{exposure=authenticated-users}}
        // expected-related@+1{{device '\Device\MacroKbd' created here with SDDL "D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;GRGW;;;BU)": any authenticated user can open it for writing}}
        RtlCopyMemory(Ctx->Script, request->Script, sizeof(Ctx->Script)); // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

VOID
MacroEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                        size_t InputBufferLength, ULONG IoControlCode)
{
    PMACRO_CONTEXT ctx = MacroGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);
    switch (IoControlCode) {
    case IOCTL_MACRO_SET_SCRIPT:
        status = MacroSetScript(ctx, Request);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    WdfRequestComplete(Request, status);
}

static NTSTATUS
MacroCreateControlDevice(WDFDRIVER Driver)
{
    DECLARE_CONST_UNICODE_STRING(name, L"\\Device\\MacroKbd");
    DECLARE_CONST_UNICODE_STRING(link, L"\\DosDevices\\MacroKbd");
    PWDFDEVICE_INIT init;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    NTSTATUS status;

    init = WdfControlDeviceInitAllocate(Driver, &MacroSddl);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = WdfDeviceInitAssignName(init, &name);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, MACRO_CONTEXT);
    status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }
    status = WdfDeviceCreateSymbolicLink(device, &link);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = MacroEvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WdfControlFinishInitializing(device);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return MacroCreateControlDevice(driver);
}
