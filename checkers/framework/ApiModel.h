//===- ApiModel.h - Kernel API facts, loaded from YAML ----------*- C++ -*-===//
//
// What drvcert knows about WDK and CRT functions (which allocate pool, which
// are banned, which create devices or map MDLs, which copy memory) is data:
// rulesets/models/*.yaml, embedded in the binary, plus the user's own model
// files. Functions are matched by name and parameter count, the WDK
// signature, never by how one set of headers happens to declare them.
//
//===----------------------------------------------------------------------===//
#ifndef DRVCERT_FRAMEWORK_APIMODEL_H
#define DRVCERT_FRAMEWORK_APIMODEL_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace clang {
class FunctionDecl;
}

namespace drvcert {

struct ApiFunction {
  std::string Name;
  int Params = -1; // -1: any number

  /// Deprecated routine: what to call instead.
  std::optional<std::string> DeprecatedUseInstead;
  /// Banned CRT routine: the safe replacement.
  std::optional<std::string> BannedUseInstead;

  struct PoolAllocator {
    int PoolTypeArg = -1; // POOL_TYPE argument, -1 when it takes POOL_FLAGS
    int SizeArg = -1;
  };
  std::optional<PoolAllocator> Pool;

  struct DeviceCreator {
    int NameArg = -1;
    int CharacteristicsArg = -1;
    int DeviceObjectArg = -1; // optional
    int SddlArg = -1;      // PCUNICODE_STRING DefaultSDDLString, optional
    int ClassGuidArg = -1; // LPCGUID DeviceClassGuid, optional
  };
  std::optional<DeviceCreator> Device;

  struct MdlMapper {
    int MdlArg = 0;
    bool MayReturnNull = false;
  };
  std::optional<MdlMapper> Mdl;

  struct Copy {
    int DstArg = -1, SrcArg = -1, LenArg = -1;
  };
  std::optional<Copy> Copy;

  /// ProbeForRead / ProbeForWrite: validates [address, address + length).
  struct Probe {
    int AddressArg = -1, LengthArg = -1;
    bool ForWrite = false;
  };
  std::optional<Probe> Probe;

  /// KMDF WdfRequestRetrieve*Buffer: on success *buffer-arg points to at
  /// least min-length-arg bytes and *length-arg (optional) says how many.
  struct WdfBuffer {
    int MinLengthArg = -1, BufferArg = -1, LengthArg = -1;
    bool Output = false;
    bool UnsafeUser = false; // raw user address: must be probed and locked
  };
  std::optional<WdfBuffer> WdfBuffer;

  /// Raises an exception on a bad user address: must run inside __try
  /// (MmProbeAndLockPages, ProbeForRead/ProbeForWrite are probes already).
  bool RaisesOnBadAddress = false;
  /// Returns the previous processor mode (ExGetPreviousMode).
  bool ReturnsPreviousMode = false;

  /// An access check: the caller holds a privilege (SeSinglePrivilegeCheck),
  /// passes an access check (SeAccessCheck), is an administrator
  /// (SeTokenIsAdmin), or opened the device with the access an IOCTL needs
  /// (IoValidateDeviceIoControlAccess) when the call returns success.
  struct AccessCheck {
    enum KindT { Privilege, Access, Admin, IoctlAccess } Kind = Access;
    bool ReturnsNtStatus = false; // success: NT_SUCCESS, else TRUE
    int CheckedArg = -1; // the privilege or the access checked, if any
  };
  std::optional<AccessCheck> Check;

  /// A call that sets up how user mode reaches a device (the exposure
  /// model, DeviceFacts.h): Arg is the call's main argument (an SDDL
  /// string, a name, a security descriptor, the object attributes),
  /// FlagArg a BOOLEAN that qualifies it, CallbackArg an entry point.
  struct DeviceSetup {
    enum KindT {
      Sddl,           // WdfDeviceInitAssignSDDLString: Arg = SDDL
      ControlDevice,  // WdfControlDeviceInitAllocate: Arg = SDDL
      DeviceName,     // WdfDeviceInitAssignName: Arg = name
      WdfCreate,      // WdfDeviceCreate: the KMDF device
      SymbolicLink,   // IoCreateSymbolicLink (Arg = device name),
                      // WdfDeviceCreateSymbolicLink
      Interface,      // IoRegisterDeviceInterface, WdfDeviceCreateDeviceInterface
      CommPort,       // FltCreateCommunicationPort: Arg = object
                      // attributes, CallbackArg = MessageNotify
      DefaultSd,      // FltBuildDefaultSecurityDescriptor: Arg = &sd
      SetDacl,        // RtlSetDaclSecurityDescriptor: FlagArg =
                      // DaclPresent, Arg = Dacl (TRUE + NULL: NULL DACL)
      CallerContext,  // WdfDeviceInitSetIoInCallerContextCallback:
                      // CallbackArg = the callback
      InitString,     // RtlInitUnicodeString: FlagArg = the string set,
                      // Arg = its value
    } Kind = Sddl;
    int Arg = -1, FlagArg = -1, CallbackArg = -1;
  };
  std::optional<DeviceSetup> Setup;
  // --- Processes, handles and named objects (family objects) -------------

  /// Finds a process by its id (PsLookupProcessByProcessId): the EPROCESS
  /// written through process-arg is the process id-arg names.
  struct ProcessLookup {
    int IdArg = -1, ProcessArg = -1;
  };
  std::optional<ProcessLookup> Lookup;

  /// Acts on a process given as an EPROCESS pointer or a process handle:
  /// terminates or suspends it, attaches the thread to its address space
  /// (detach ends that), or reads or writes its memory.
  struct ProcessOperation {
    enum KindT { Terminate, Suspend, Attach, Detach, Memory } Kind = Terminate;
    int ProcessArg = -1;      // -1 for detach
    int OtherProcessArg = -1; // MmCopyVirtualMemory's second process
  };
  std::optional<ProcessOperation> ProcessOp;

  /// Opens, creates or deletes an object: by name (OBJECT_ATTRIBUTES), by
  /// client id (ZwOpenProcess) or by pointer (ObOpenObjectByPointer).
  struct ObjectOpen {
    std::string Kind = "object"; // file, key, process, section, event, object
    int AttributesArg = -1;       // POBJECT_ATTRIBUTES ObjectAttributes
    int HandleAttributesArg = -1; // ULONG HandleAttributes
    int OptionsArg = -1;          // IoCreateFile(Ex) Options
    int HandleArg = -1;           // PHANDLE: the handle it creates, if any
    int ClientIdArg = -1;         // PCLIENT_ID
    int ObjectArg = -1;           // PVOID Object
    int AccessModeArg = -1;       // KPROCESSOR_MODE AccessMode
  };
  std::optional<ObjectOpen> Open;

  /// Resolves a handle to an object (ObReferenceObjectByHandle): with
  /// AccessMode KernelMode, no access check and any handle table entry.
  struct HandleReference {
    int HandleArg = -1, AccessModeArg = -1, ObjectArg = -1;
  };
  std::optional<HandleReference> HandleRef;

  /// Builds a string: what dest-arg points to (a UNICODE_STRING or a
  /// character buffer) holds the arguments from first-source-arg on.
  struct StringBuilder {
    int DestArg = -1, FirstSourceArg = -1;
    /// The string points at the source's characters instead of copying
    /// them (RtlInitUnicodeString): a user address stays one.
    bool AliasesSource = false;
  };
  std::optional<StringBuilder> StringBuild;

  /// Sets information on a file by handle (ZwSetInformationFile): the
  /// FILE_INFORMATION_CLASS at class-arg says what the buffer at info-arg is.
  struct FileInformation {
    int HandleArg = -1, InfoArg = -1, ClassArg = -1;
  };
  std::optional<FileInformation> FileInfo;
  /// A hardware or kernel-memory primitive an IOCTL must not hand to an
  /// arbitrary caller (the primitives family): what it does and which
  /// arguments carry its operands (-1: none).
  struct Primitive {
    enum KindT {
      PhysicalMap,         // MmMapIoSpace(Ex)
      PhysicalToVirtual,   // MmGetVirtualForPhysical
      MemoryCopy,          // MmCopyMemory (physical or virtual by flags)
      SectionOpen,         // ZwOpenSection, ObOpenObjectByName
      SectionMap,          // ZwMapViewOfSection
      MdlBuild,            // IoAllocateMdl
      MapToProcess,        // MmMapLockedPagesSpecifyCache
      MsrRead,
      MsrWrite,
      PortIn,
      PortOut,
      BusData,             // HalGet/SetBusData(ByOffset)
      ControlRegisterWrite, // __writecr0/3/4/8, __writedr, __writeeflags
      DescriptorTableLoad, // __lidt, _lgdt
      RegisterRead,        // __readcr0/2/4/8, __readdr
      SecretRead,          // __readcr3
      SecretStore,         // __sidt, _sgdt
      Routine,             // PsCreateSystemThread, IoQueueWorkItem, ...
    } Kind = PhysicalMap;
    int AddressArg = -1, LengthArg = -1, TargetArg = -1, FlagsArg = -1;
    int AttributesArg = -1, HandleArg = -1, OffsetArg = -1;
    int MdlArg = -1, ModeArg = -1;
    int IndexArg = -1, ValueArg = -1, PortArg = -1;
    int BusArg = -1, SlotArg = -1;
    std::vector<int> RoutineArgs;
    int WorkItemArg = -1;
    std::string RoutineField; // field of *work-item-arg holding the routine
  };
  std::optional<Primitive> Prim;

  /// RtlInitUnicodeString and friends: *dst-arg becomes a counted string
  /// whose Buffer is src-arg (what resolves a section's name).
  struct StringInit {
    int DstArg = -1, SrcArg = -1;
  };
  std::optional<StringInit> StrInit;

  std::string DefinedIn; // file:line of the model entry
};

class ApiModel {
public:
  /// Parses one model file and merges it in; a later entry for the same
  /// function replaces an earlier one. On error, returns false and sets Error
  /// to "file:line:col: message"; the model is left unchanged.
  bool addYaml(llvm::StringRef Text, llvm::StringRef FileName,
               std::string &Error);
  bool addFile(llvm::StringRef Path, std::string &Error);

  const ApiFunction *lookup(llvm::StringRef Name, unsigned NumParams) const;
  /// The function a call resolves to, when the model knows it by name and
  /// parameter count and it is a C function or one declared by a system
  /// header.
  const ApiFunction *lookup(const clang::FunctionDecl *FD) const;

  /// The entry of this name, whatever its parameter count (for WDK macros).
  const ApiFunction *lookupName(llvm::StringRef Name) const {
    auto It = Functions.find(Name);
    return It == Functions.end() ? nullptr : &It->getValue();
  }
  /// True when the model describes a function (or WDK macro) of this name.
  bool hasName(llvm::StringRef Name) const { return Functions.count(Name); }
  size_t size() const { return Functions.size(); }

  /// The model every rule reads: the built-in model plus --model files.
  static ApiModel &global();
  /// Loads the built-in model into global(); idempotent.
  static bool loadBuiltin(std::string &Error);

private:
  llvm::StringMap<ApiFunction> Functions;
};

} // namespace drvcert

#endif
