package io.xiaoneng.approval.application.domain;

/** E-supervision light (电子监察亮灯) of a running legal clock. */
public enum Light {
    GREEN, YELLOW, RED
}
