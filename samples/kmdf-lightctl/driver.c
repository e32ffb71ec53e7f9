/*
 * driver.c - Contoso Lighting Controller driver: DriverEntry and
 * EvtDriverDeviceAdd.
 *
 * ctslight.sys is the function driver of the RGB lighting controller on
 * Contoso mainboards (a PnP device enumerated by ACPI). It exposes one
 * device interface; the tray tool sets zone colors, brightness and
 * lighting effects through the IOCTLs in public.h.
 */
#include <initguid.h>
#include "lightctl.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, CtsLightEvtDeviceAdd)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    KdPrint(("CtsLight: DriverEntry, interface version %u\n", CTSLIGHT_INTERFACE_VERSION));

    WDF_DRIVER_CONFIG_INIT(&config, CtsLightEvtDeviceAdd);
    config.DriverPoolTag = 'gLtC';

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config,
                             WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("CtsLight: WdfDriverCreate failed 0x%08X\n", status));
    }
    return status;
}

_Use_decl_annotations_
NTSTATUS
CtsLightEvtDeviceAdd(
    WDFDRIVER Driver,
    PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    PCTSLIGHT_DEVICE_CONTEXT deviceContext;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);

    PAGED_CODE();

    /* The IOCTLs are METHOD_BUFFERED: the framework hands the queue the
     * system buffer. Only one application (the tray tool) at a time. */
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);
    WdfDeviceInitSetExclusive(DeviceInit, TRUE);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, CTSLIGHT_DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("CtsLight: WdfDeviceCreate failed 0x%08X\n", status));
        return status;
    }

    deviceContext = CtsLightGetDeviceContext(device);
    CtsLightResetZones(deviceContext);
    deviceContext->EffectLength = 0;
    deviceContext->EffectId = 0;

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_CTSLIGHT, NULL);
    if (!NT_SUCCESS(status)) {
        KdPrint(("CtsLight: WdfDeviceCreateDeviceInterface failed 0x%08X\n", status));
        return status;
    }

    /* A sequential queue: one IOCTL at a time, so the device context
     * needs no lock. */
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = CtsLightEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("CtsLight: WdfIoQueueCreate failed 0x%08X\n", status));
    }
    return status;
}
