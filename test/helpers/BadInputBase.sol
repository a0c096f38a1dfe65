// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AdversarialBase} from "../adversarial/AdversarialBase.sol";

/// @notice Shared setup for the bad-input suites: the adversarial fixture (seeded 3x long and short vaults)
/// plus EIP-2612 signing helpers. Each `vm.expectRevert` in these suites is one counted case.
abstract contract BadInputBase is AdversarialBase {
    bytes32 internal constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );
    uint256 internal constant OWNER_KEY = 0xA11CE;
    uint256 internal constant FORGER_KEY = 0xBADBAD;
    address internal constant STRANGER = address(0x5757);

    /// @dev A permit signature by `key` over (owner, spender, value, nonce, deadline) for `domain`.
    function _sign(
        uint256 key,
        bytes32 domain,
        address owner,
        address spender,
        uint256 value,
        uint256 nonce,
        uint256 deadline
    ) internal pure returns (uint8 v, bytes32 r, bytes32 s) {
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, nonce, deadline));
        return vm.sign(key, keccak256(abi.encodePacked("\x19\x01", domain, structHash)));
    }

    function _unauthorized(address caller, bytes32 role) internal pure returns (bytes memory) {
        return abi.encodeWithSignature("AccessControlUnauthorizedAccount(address,bytes32)", caller, role);
    }

    function _notOwner(address caller) internal pure returns (bytes memory) {
        return abi.encodeWithSignature("OwnableUnauthorizedAccount(address)", caller);
    }
}
